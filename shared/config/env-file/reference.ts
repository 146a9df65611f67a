import { z } from 'zod';
import { SourceSchema, describeSource, type Source } from '../source.ts';

// Where the value of a `${NAME}` in an env file came from, as the dialect's loader looked it up.
// Built at their first parse (z.lazy): only a report read back parses one; building them cost every start.
export const ReferenceOriginSchema = z.lazy(() => z.discriminatedUnion('from', [
  // An earlier (or, for loaders that look ahead, any) line of the same file.
  z.object({ from: z.literal('line'), file: z.string(), line: z.number().int().positive() }),
  // The process environment the loader runs in: the OS environment or what the launcher passes.
  z.object({ from: z.literal('outside'), source: SourceSchema }),
  // The fallback written in the reference itself (`${NAME:-fallback}`, `${NAME:+alternative}`).
  z.object({ from: z.literal('default') }),
  // Nothing set it: the loader put an empty string there.
  z.object({ from: z.literal('unset') }),
]));
export type ReferenceOrigin = z.infer<typeof ReferenceOriginSchema>;

// One name a value referred to. Values are never carried here, so a reference can be shown without masking.
export const EnvReferenceSchema = z.lazy(() => z.object({
  name: z.string(),
  origin: ReferenceOriginSchema,
}));
export type EnvReference = z.infer<typeof EnvReferenceSchema>;

// What the process environment holds for a name when the service's loader runs (the resolver builds it).
export type OutsideLookup = (name: string) => { value: string; source: Source } | undefined;

export const NO_OUTSIDE: OutsideLookup = () => undefined;

// `DATABASE_HOST from .env.staging:33`: one reference as the CLI prints it.
export function describeReference(reference: EnvReference, displayPath: (file: string) => string = (file) => file): string {
  const origin = reference.origin;
  switch (origin.from) {
    case 'line':
      return `${reference.name} from ${displayPath(origin.file)}:${origin.line}`;
    case 'outside':
      return `${reference.name} from ${describeSource(origin.source, displayPath)}`;
    case 'default':
      return `${reference.name} unset, the default written in the reference`;
    case 'unset':
      return `${reference.name} unset, so empty`;
  }
}

// Adds a reference once: a value that names the same variable twice shows it once.
export function addReference(references: EnvReference[], reference: EnvReference): void {
  const same = references.some((known) => known.name === reference.name && JSON.stringify(known.origin) === JSON.stringify(reference.origin));
  if (!same) references.push(reference);
}
