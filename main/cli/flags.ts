import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ProfileNameSchema } from '../../shared/config/profile.ts';
import { UsageError } from './io.ts';

const CONNECT_TIMEOUT_USAGE = '--connect-timeout needs a number of seconds above 0, at most 600 (e.g. 2 or 0.5)';
const CONNECT_RETRIES_USAGE = '--connect-retries needs a whole number from 0 to 20';

export const CommonFlagsSchema = z.object({
  profile: ProfileNameSchema.optional(),
  json: z.boolean().default(false),
  'env-dir': z.string().min(1, '--env-dir needs a directory').optional(),
  root: z.string().min(1, '--root needs a directory').optional(),
  port: z.string().regex(/^\d+$/, '--port needs a number from 0 to 65535').transform(Number).pipe(z.number().int().min(0).max(65_535, '--port needs a number from 0 to 65535')).optional(),
  'no-open': z.boolean().default(false),
  yes: z.boolean().default(false),
  force: z.boolean().default(false),
  'exit-with-stdin': z.boolean().default(false),
  baseline: z.string().min(1, '--baseline needs a file (a report saved by `stackdeck check --json`)').optional(),
  connect: z.boolean().default(false),
  // check --connect: one attempt's limit in seconds and the number of retries, instead of the profile's.
  'connect-timeout': z.string().regex(/^\d+(\.\d+)?$/, CONNECT_TIMEOUT_USAGE).transform(Number).pipe(z.number().positive(CONNECT_TIMEOUT_USAGE).max(600, CONNECT_TIMEOUT_USAGE)).optional(),
  'connect-retries': z.string().regex(/^\d+$/, CONNECT_RETRIES_USAGE).transform(Number).pipe(z.number().int().max(20, CONNECT_RETRIES_USAGE)).optional(),
});
export type CommonFlags = z.infer<typeof CommonFlagsSchema>;

const OPTIONS = {
  profile: { type: 'string' },
  json: { type: 'boolean' },
  'env-dir': { type: 'string' },
  root: { type: 'string' },
  port: { type: 'string' },
  'no-open': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  'exit-with-stdin': { type: 'boolean' },
  baseline: { type: 'string' },
  connect: { type: 'boolean' },
  'connect-timeout': { type: 'string' },
  'connect-retries': { type: 'string' },
} as const;

// Why: node's parser splits the words, zod decides whether they mean anything; both errors read as usage errors.
export function parseFlags(args: readonly string[]): { flags: CommonFlags; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
  const flags = CommonFlagsSchema.safeParse(parsed.values);
  if (!flags.success) {
    const issue = flags.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new UsageError(field === 'port' ? '--port needs a number from 0 to 65535' : field === 'profile'
      ? `--profile must be one of development, test, staging, production (got '${String(parsed.values.profile)}')`
      : issue?.message ?? 'invalid flags');
  }
  return { flags: flags.data, positionals: parsed.positionals };
}
