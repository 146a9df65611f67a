import { z } from 'zod';
import { SourceSchema } from '../config/source.ts';

// Per key: before and after (values masked, each with its source), as a diff and the change log carry them. Built at their
// first parse (z.lazy), like the engine's other answer schemas: the engine makes diffs, the transports parse them.
export const ConfigChangesSchema = z.lazy(() => {
  const side = z.object({ value: z.string().nullable(), source: SourceSchema.nullable() }).nullable();
  return z.array(z.object({ service: z.string(), key: z.string(), before: side, after: side }));
});

// What an env file change did: per key, before and after (values masked), and who now runs stale.
export const ConfigDiffSchema = z.lazy(() => z.object({
  at: z.string(),
  files: z.array(z.string()),
  changes: ConfigChangesSchema,
  stale: z.array(z.object({ service: z.string(), keys: z.array(z.string()) })),
}));
export type ConfigDiff = z.infer<typeof ConfigDiffSchema>;
