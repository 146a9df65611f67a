import { z } from 'zod';
import type { EnvReference } from './env-file/reference.ts';

// Highest precedence first: the order of this list is the order a variable's chain is read in.
export const SOURCE_KINDS = ['override', 'launcher', 'os', 'file', 'fallback', 'default'] as const;
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKindSchema>;

// Built at its first parse (z.lazy): a report's schemas are parsed at boundaries (a saved report, the dashboard's answers),
// never on the way to a `check` or a service's start, which only paid for building them.
export const SourceSchema = z.lazy(() => z.object({
  kind: SourceKindSchema,
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
}));
export type Source = z.infer<typeof SourceSchema>;

export interface Candidate {
  value: string;
  source: Source;
  // From an env file whose dialect expanded references: the value as written, and where each reference came from.
  raw?: string;
  references?: EnvReference[];
}

// How a source reads in a compiler-style line: `services/api/.env:3`, `OS environment`, ...
export function describeSource(source: Source, displayPath: (file: string) => string = (file) => file): string {
  switch (source.kind) {
    case 'file':
      return source.file ? `${displayPath(source.file)}${source.line ? `:${source.line}` : ''}` : 'file';
    case 'os':
      return 'OS environment';
    case 'launcher':
      return 'launcher';
    case 'override':
      return 'override';
    case 'fallback':
      return source.file ? `generated fallback (${displayPath(source.file)})` : 'development fallback';
    case 'default':
      return 'schema default';
  }
}

// Why the winner of a chain beat the next candidate, in words a user can check against their files.
export function precedenceReason(winner: Source, loser: Source, displayPath: (file: string) => string = (file) => file): string {
  if (winner.kind !== loser.kind) {
    return `${describeKind(winner.kind)} beats ${describeKind(loser.kind)} (override > launcher > OS env > file > fallback > default)`;
  }
  if (winner.kind !== 'file' || !winner.file || !loser.file) return `both are ${describeKind(winner.kind)}; the first one set wins`;
  if (winner.file === loser.file) return `the later line (${winner.line}) of the same file wins over line ${loser.line}`;
  const winnerDir = winner.file.slice(0, lastSeparator(winner.file));
  const loserDir = loser.file.slice(0, lastSeparator(loser.file));
  if (winnerDir !== loserDir) return `the service's own file ${displayPath(winner.file)} comes before the stack root's ${displayPath(loser.file)}`;
  return `${baseName(winner.file)} is more specific than ${baseName(loser.file)} (.env.<profile>.local > .env.<profile> > .env.local > .env)`;
}

// Both separators: the engine runs on Windows too, and this module stays free of node:path.
function lastSeparator(file: string): number {
  return Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
}

// A file's name without its folder, whichever separator the path uses.
export function baseName(file: string): string {
  return file.slice(lastSeparator(file) + 1);
}

function describeKind(kind: SourceKind): string {
  return { override: 'an override', launcher: 'the launcher', os: 'the OS environment', file: 'an env file', fallback: 'a development fallback', default: 'the schema default' }[kind];
}
