import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { oauthNaming } from './oauth-naming.ts';

const SECRET = 'hunter2-secret-value';

// One service's oauth-naming findings over in-memory env files.
function check(service: string, files: Record<string, string>, profile: Profile = 'development'): Finding[] {
  return oauthNaming(stackFixture({ profile, files })).filter((finding) => finding.service === service);
}

describe('oauth-naming', () => {
  it("reports the backend's name in auth's file: where it is set, the name auth reads and how to fix it", () => {
    expect(check('auth', { 'auth/.env': 'LOG_LEVEL=info\nGOOGLE_CLIENT_ID=123.apps.googleusercontent.com\n' })).toEqual([{
      rule: 'oauth-naming',
      severity: 'warning',
      service: 'auth',
      key: 'OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT',
      file: 'auth/.env',
      line: 2,
      message: 'Google OAuth client id the auth service uses in development: the value is set as GOOGLE_CLIENT_ID (auth/.env:2) but auth reads OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT, which is missing',
      suggestion: 'Also set OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT (same value), or rename GOOGLE_CLIENT_ID if nothing else reads it',
    }]);
  });

  it.each([['test', 'warning'], ['staging', 'error'], ['production', 'error']] as const)(
    'in %s, the per-profile name is expected and a miss is a(n) %s', (profile, severity) => {
      const suffix = profile.toUpperCase();
      const findings = check('auth', { [`auth/.env.${profile}`]: `GOOGLE_OAUTH_CLIENT_SECRET_${suffix}=x\n` }, profile);
      expect(findings).toEqual([expect.objectContaining({
        severity, key: `OAUTH_GOOGLE_CLIENT_SECRET_${suffix}`, file: `auth/.env.${profile}`, line: 1,
        message: expect.stringContaining(`the value is set as GOOGLE_OAUTH_CLIENT_SECRET_${suffix} (auth/.env.${profile}:1)`),
      })]);
    });

  it("reports the backend's missing GOOGLE_CLIENT_ID when only auth's name is set, naming a non-file source", () => {
    const findings = oauthNaming(stackFixture({ os: { OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT: 'client-id' } }));
    expect(findings).toEqual([expect.objectContaining({ service: 'backend', key: 'GOOGLE_CLIENT_ID', severity: 'warning' })]);
    expect(findings[0]?.message).toContain('set as OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT (os of auth) but backend reads GOOGLE_CLIENT_ID');
    expect(findings[0]?.file).toBeUndefined();
  });

  it('is silent when every service has its own name set, or no credential exists anywhere', () => {
    const files = { 'auth/.env': 'OAUTH_GOOGLE_CLIENT_ID_DEVELOPMENT=id\nOAUTH_GOOGLE_CLIENT_SECRET_DEVELOPMENT=s\n', 'backend/.env': 'GOOGLE_CLIENT_ID=id\nGOOGLE_CLIENT_SECRET=s\n' };
    expect(oauthNaming(stackFixture({ files }))).toEqual([]);
    expect(oauthNaming(stackFixture())).toEqual([]);
  });

  it('knows the deployment names with the short profile (_PROD) and the GitHub names, on both services', () => {
    const auth = check('auth', { '.env.production': 'OAUTH_GOOGLE_CLIENT_ID_PROD=prod-client\nGITHUB_OAUTH_CLIENT_SECRET_PRODUCTION=x\n' }, 'production');
    expect(auth.map((finding) => [finding.key, finding.message])).toEqual(expect.arrayContaining([
      ['OAUTH_GOOGLE_CLIENT_ID_PRODUCTION', expect.stringContaining('the value is set as OAUTH_GOOGLE_CLIENT_ID_PROD (.env.production:1) but auth reads OAUTH_GOOGLE_CLIENT_ID_PRODUCTION, which is missing')],
      ['OAUTH_GITHUB_CLIENT_SECRET_PRODUCTION', expect.stringContaining('the value is set as GITHUB_OAUTH_CLIENT_SECRET_PRODUCTION (.env.production:2)')],
    ]));
    const backend = check('backend', { 'backend/.env.production': 'OAUTH_GOOGLE_CLIENT_ID_PROD=prod-client\n' }, 'production');
    expect(backend.map((finding) => finding.key)).toEqual(['GOOGLE_CLIENT_ID']);
    expect(check('backend', { 'backend/.env.staging': 'OAUTH_GOOGLE_CLIENT_ID_PROD=prod-client\n' }, 'staging')).toEqual([]);
  });

  it("ignores empty aliases and other profiles' names", () => {
    expect(check('auth', { 'auth/.env': 'GOOGLE_CLIENT_ID=\nOAUTH_GOOGLE_CLIENT_ID_STAGING=id\n' })).toEqual([]);
  });

  it('never shows the client secret', () => {
    const findings = oauthNaming(stackFixture({ profile: 'staging', files: { '.env.staging': `GOOGLE_CLIENT_SECRET=${SECRET}\nOAUTH_GOOGLE_CLIENT_SECRET=${SECRET}\n` } }));
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});
