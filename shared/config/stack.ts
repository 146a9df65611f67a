import type { EnvDialect } from './env-file/dialect.ts';
import type { Finding } from './finding.ts';
import type { Profile } from './profile.ts';
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

// Most specific first, as the design orders them.
export function envFileNames(profile: Profile): string[] {
  return [`.env.${profile}.local`, `.env.${profile}`, '.env.local', '.env'];
}
