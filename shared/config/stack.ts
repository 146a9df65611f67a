import type { EnvDialect } from './env-file/dialect.ts';
import type { Finding } from './finding.ts';
import { isDeployedProfile, type Profile } from './profile.ts';
import type { ServiceSchema } from './variable.ts';

// A service as the configuration engine sees it: its name, env folder and the variables schema loaded for it.
export interface StackService {
  // A name of the stack file (lower-case letters, digits and dashes).
  name: string;
  // Where the service's own env files live, relative to the stack root.
  envDir: string;
  // Where the service runs, relative to the stack root: env files its own code loads by relative path are found from here.
  cwd?: string;
  // Variables the launcher sets at start (the port variable, peer URLs): known before their values are.
  launcherKeys?: string[];
  // The program that reads the service's env files (python-dotenv, dotenv-expand, compose...); node-dotenv when absent.
  dialect?: EnvDialect;
  // Without one, variables are resolved (provenance, masking) but not validated by type.
  schema?: ServiceSchema;
  // What reading the schema found short of refusing it (a .env.schema decorator checked less strictly, say).
  schemaProblems?: Finding[];
}

// The files a developer's machine supplies values from, most specific first: staging and production never read them
// (the seeds load no .env there), so a value that only they hold cannot pass a deployed check by accident.
export const DEVELOPMENT_ENV_FILES = ['.env.local', '.env'] as const;

// Most specific first, as the design orders them; staging and production read only their own files.
export function envFileNames(profile: Profile): string[] {
  const own = [`.env.${profile}.local`, `.env.${profile}`];
  return isDeployedProfile(profile) ? own : [...own, ...DEVELOPMENT_ENV_FILES];
}

// Why: what a profile skips is still read, only to say which skipped file would have supplied a missing value.
export function ignoredEnvFileNames(profile: Profile): string[] {
  return isDeployedProfile(profile) ? [...DEVELOPMENT_ENV_FILES] : [];
}

// The least specific file a profile reads (.env; .env.<profile> in staging and production): where a value for every
// profile's runs goes, and where suggestions send the user.
export function baseEnvFileName(profile: Profile): string {
  return envFileNames(profile).at(-1) as string;
}
