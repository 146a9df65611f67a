import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ProfileNameSchema } from '../../shared/config/profile.ts';
import { UsageError } from './io.ts';

const CONNECT_TIMEOUT_USAGE = '--connect-timeout needs a number of seconds above 0, at most 600 (e.g. 2 or 0.5)';
const CONNECT_RETRIES_USAGE = '--connect-retries needs a whole number from 0 to 20';

// Each flag's schema, built when the flag is given: a command line names one or two flags, and building the schemas of all
// of them (~60 zod schemas) cost every command's start.
const FLAG_SCHEMAS = {
  profile: () => ProfileNameSchema,
  json: () => z.boolean(),
  'env-dir': () => z.string().min(1, '--env-dir needs a directory'),
  root: () => z.string().min(1, '--root needs a directory'),
  port: () => z.string().regex(/^\d+$/, '--port needs a number from 0 to 65535').transform(Number).pipe(z.number().int().min(0).max(65_535, '--port needs a number from 0 to 65535')),
  'no-open': () => z.boolean(),
  yes: () => z.boolean(),
  force: () => z.boolean(),
  'exit-with-stdin': () => z.boolean(),
  baseline: () => z.string().min(1, '--baseline needs a file (a report saved by `stackdeck check --json`)'),
  connect: () => z.boolean(),
  // check --connect: one attempt's limit in seconds and the number of retries, instead of the profile's.
  'connect-timeout': () => z.string().regex(/^\d+(\.\d+)?$/, CONNECT_TIMEOUT_USAGE).transform(Number).pipe(z.number().positive(CONNECT_TIMEOUT_USAGE).max(600, CONNECT_TIMEOUT_USAGE)),
  'connect-retries': () => z.string().regex(/^\d+$/, CONNECT_RETRIES_USAGE).transform(Number).pipe(z.number().int().max(20, CONNECT_RETRIES_USAGE)),
} satisfies Record<keyof typeof OPTIONS, () => z.ZodType>;
type FlagName = keyof typeof FLAG_SCHEMAS;

// What an absent switch means; any other absent flag is undefined.
const SWITCH_DEFAULTS = { json: false, 'no-open': false, yes: false, force: false, 'exit-with-stdin': false, connect: false } satisfies Partial<Record<FlagName, boolean>>;

export type CommonFlags = { [K in FlagName]?: z.output<ReturnType<(typeof FLAG_SCHEMAS)[K]>> } & { [K in keyof typeof SWITCH_DEFAULTS]: boolean };

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
  const flags: Record<string, unknown> = { ...SWITCH_DEFAULTS };
  for (const [name, value] of Object.entries(parsed.values)) {
    const flag = FLAG_SCHEMAS[name as FlagName]().safeParse(value);
    if (!flag.success) {
      throw new UsageError(name === 'port' ? '--port needs a number from 0 to 65535' : name === 'profile'
        ? `--profile must be one of development, test, staging, production (got '${String(value)}')`
        : flag.error.issues[0]?.message ?? 'invalid flags');
    }
    flags[name] = flag.data;
  }
  // Each value was parsed by its flag's schema just above, and every switch has its default.
  return { flags: flags as CommonFlags, positionals: parsed.positionals };
}
