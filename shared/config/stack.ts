import { z } from 'zod';
import { EnvDialectSchema } from './env-file/dialect.ts';
import type { Profile } from './profile.ts';

export const StackServiceSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a service name is lower-case letters, digits and dashes'),
  // Where the service's own env files live, relative to the stack root.
  envDir: z.string().min(1),
  // A schema from shared/config/schemas; without one, variables are resolved but not validated by type.
  schema: z.string().optional(),
  // The program that reads the service's env files (python-dotenv, dotenv-expand, compose...); node-dotenv when absent.
  dialect: EnvDialectSchema.optional(),
});
export type StackService = z.infer<typeof StackServiceSchema>;

// The stack this repository ships: both services live in services/.
export const DEFAULT_STACK_SERVICES: readonly StackService[] = [
  { name: 'auth', envDir: 'services/auth', schema: 'auth' },
  { name: 'backend', envDir: 'services/backend', schema: 'backend' },
];

// Most specific first, as the design orders them.
export function envFileNames(profile: Profile): string[] {
  return [`.env.${profile}.local`, `.env.${profile}`, '.env.local', '.env'];
}
