import { PROFILES, type Profile } from '../profile.ts';
import { ALWAYS, defineServiceSchema, variable, type VariableSpec } from '../variable.ts';
import { integer, text } from '../value-types.ts';
import { SIGNING_SECRET_MIN_LENGTH, commonVariables } from './common.ts';

export const AUTH_DEFAULT_PORT = 8081;

// The auth service reads Google credentials under a per-profile name (OAUTH_GOOGLE_CLIENT_ID_STAGING, ...).
function oauthCredentials(): Record<string, VariableSpec> {
  const entries = PROFILES.flatMap((profile: Profile) => {
    const suffix = profile.toUpperCase();
    const requiredIn: Profile[] = profile === 'staging' || profile === 'production' ? [profile] : [];
    return [
      [`OAUTH_GOOGLE_CLIENT_ID_${suffix}`, variable(text(), {
        description: `Google OAuth client id the auth service uses in ${profile}`,
        breaksWithout: `"Sign in with Google" fails in ${profile}`,
        secret: false,
        requiredIn,
      })],
      [`OAUTH_GOOGLE_CLIENT_SECRET_${suffix}`, variable(text(), {
        description: `Google OAuth client secret the auth service uses in ${profile}`,
        breaksWithout: `"Sign in with Google" fails in ${profile}`,
        secret: true,
        requiredIn,
      })],
    ] as const;
  });
  return Object.fromEntries(entries);
}

export const authSchema = defineServiceSchema('auth', {
  ...commonVariables(AUTH_DEFAULT_PORT),
  ...oauthCredentials(),
  OAUTH_HMAC_SECRET: variable(text(), {
    description: 'Signs the OAuth state parameter against cross-site request forgery',
    breaksWithout: 'OAuth logins fail: the state parameter cannot be signed or checked',
    secret: true,
    requiredIn: ALWAYS,
    fallback: { generated: true },
    minSecretLength: SIGNING_SECRET_MIN_LENGTH,
  }),
  ACCESS_TOKEN_TTL_SECONDS: variable(integer(1, 30 * 24 * 3600), {
    description: 'Lifetime of an access token, in seconds',
    breaksWithout: 'Tokens live 15 minutes (the default)',
    secret: false,
    requiredIn: [],
    default: '900',
  }),
});
