import { z } from 'zod';

// Which program reads a service's env files: each reads the same text differently (quotes, '#', `${VAR}` expansion).
// node-dotenv: the npm dotenv package (no expansion). python-dotenv: load_dotenv(), which expands `${VAR}` by default.
// dotenv-expand: dotenv then dotenv-expand 13 (`expand(config())`). compose: docker compose's env_file (compose-go).
export const ENV_DIALECTS = ['node-dotenv', 'python-dotenv', 'dotenv-expand', 'compose'] as const;
export const EnvDialectSchema = z.enum(ENV_DIALECTS);
export type EnvDialect = z.infer<typeof EnvDialectSchema>;

export const DEFAULT_ENV_DIALECT: EnvDialect = 'node-dotenv';

// How a dialect reads in a message: the loader's own name.
export function dialectLabel(dialect: EnvDialect): string {
  return { 'node-dotenv': 'dotenv', 'python-dotenv': 'python-dotenv', 'dotenv-expand': 'dotenv-expand', compose: 'docker compose' }[dialect];
}
