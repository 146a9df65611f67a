import { z } from 'zod';

export const PROFILES = ['development', 'test', 'staging', 'production'] as const;
export const ProfileSchema = z.enum(PROFILES);
export type Profile = z.infer<typeof ProfileSchema>;

// Staging and production enforce everything and never get generated fallbacks.
export function isDeployedProfile(profile: Profile): boolean {
  return profile === 'staging' || profile === 'production';
}
