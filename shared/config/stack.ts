import type { Profile } from './profile.ts';
import type { ServiceSchema } from './variable.ts';

// A service as the configuration engine sees it: its name, env folder and the variables schema loaded for it.
export interface StackService {
  // A name of the stack file (lower-case letters, digits and dashes).
  name: string;
  // Where the service's own env files live, relative to the stack root.
  envDir: string;
  // Without one, variables are resolved (provenance, masking) but not validated by type.
  schema?: ServiceSchema;
}

// Most specific first, as the design orders them.
export function envFileNames(profile: Profile): string[] {
  return [`.env.${profile}.local`, `.env.${profile}`, '.env.local', '.env'];
}
