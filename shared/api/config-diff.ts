import { z } from 'zod';
import { SourceSchema } from '../config/source.ts';

const SideSchema = z.object({ value: z.string().nullable(), source: SourceSchema.nullable() }).nullable();

// What an env file change did: per key, before and after (values masked), and who now runs stale.
export const ConfigDiffSchema = z.object({
  at: z.string(),
  files: z.array(z.string()),
  changes: z.array(z.object({ service: z.string(), key: z.string(), before: SideSchema, after: SideSchema })),
  stale: z.array(z.object({ service: z.string(), keys: z.array(z.string()) })),
});
export type ConfigDiff = z.infer<typeof ConfigDiffSchema>;
