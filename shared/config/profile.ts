import { z } from 'zod';

export const PROFILES = ['development', 'test', 'staging', 'production'] as const;
export const ProfileSchema = z.enum(PROFILES);
export type Profile = z.infer<typeof ProfileSchema>;

// Other spellings of a profile that teams write in ENVIRONMENT (the seeds' `ENVIRONMENT=testing`).
export const PROFILE_ALIASES: Readonly<Record<string, Profile>> = { testing: 'test' };

// The profile a name means: its own name or an alias of it, else undefined.
export function profileNamed(name: string): Profile | undefined {
  const parsed = ProfileSchema.safeParse(Object.hasOwn(PROFILE_ALIASES, name) ? PROFILE_ALIASES[name] : name);
  return parsed.success ? parsed.data : undefined;
}

// Why: --profile and ENVIRONMENT accept the aliases too, so `testing` is the test profile everywhere it is read.
export const ProfileNameSchema = z.string().transform((name, context) => {
  const profile = profileNamed(name);
  if (profile) return profile;
  context.addIssue({ code: 'custom', message: `'${name}' is not a profile (${PROFILES.join(', ')}, or ${Object.keys(PROFILE_ALIASES).join(', ')})` });
  return z.NEVER;
});

// Staging and production enforce everything and never get generated fallbacks.
export function isDeployedProfile(profile: Profile): boolean {
  return profile === 'staging' || profile === 'production';
}

// The short capitalised form of a profile deployment secrets are often named with (OAUTH_GOOGLE_CLIENT_ID_PROD).
export const PROFILE_SHORT_NAMES: Readonly<Record<Profile, string>> = { development: 'DEV', test: 'TEST', staging: 'STAGING', production: 'PROD' };
