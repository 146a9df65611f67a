import { z } from 'zod';
import { FindingSchema } from '../config/finding.ts';
import { ConfigChangesSchema } from './config-diff.ts';

// How many edits the engine keeps; older ones drop off the front.
export const CHANGE_LOG_LIMIT = 500;

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
// One env-file edit as the session's change log keeps it: values masked, findings before and after compared.
export const ChangeLogEntrySchema = z.lazy(() => z.object({
  // Rises by one per entry for the engine's life: a client merges the query and the events by it.
  id: z.number().int().positive(),
  at: z.string(),
  // The env files whose edit prompted it, as the dashboard shows paths.
  files: z.array(z.string()),
  // Per key: before and after, each with its source (file:line), values masked.
  changes: ConfigChangesSchema,
  findingsAdded: z.array(FindingSchema),
  findingsCleared: z.array(FindingSchema),
  // Only the services whose health score moved.
  scores: z.array(z.object({ service: z.string(), before: z.number().int(), after: z.number().int() })),
  // Added an error or lowered a service's health score: the dashboard keeps a notice up until the user has seen it.
  regression: z.boolean(),
  seen: z.boolean(),
}));
export type ChangeLogEntry = z.infer<typeof ChangeLogEntrySchema>;

export const ChangeLogSchema = z.lazy(() => z.object({
  limit: z.number().int().positive(),
  entries: z.array(ChangeLogEntrySchema),
}));
export type ChangeLog = z.infer<typeof ChangeLogSchema>;

// Why: the notice, the OS notification and the browser notification say what an edit did in one sentence.
export function describeChangeEntry(entry: ChangeLogEntry): string {
  const errors = entry.findingsAdded.filter((finding) => finding.severity === 'error').length;
  const warnings = entry.findingsAdded.filter((finding) => finding.severity === 'warning').length;
  const keys = [...new Set(entry.changes.map((change) => change.key))];
  const where = entry.files.length > 0 ? entry.files.join(', ') : 'an env file';
  const parts = [
    errors > 0 && `${errors} new error${errors === 1 ? '' : 's'}`,
    warnings > 0 && `${warnings} new warning${warnings === 1 ? '' : 's'}`,
    ...entry.scores.filter((score) => score.after < score.before).map((score) => `${score.service} health ${score.before} → ${score.after}`),
  ].filter((part): part is string => typeof part === 'string');
  const what = keys.length > 0 ? ` (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? `, +${keys.length - 3} more` : ''})` : '';
  return `${where}${what}: ${parts.length > 0 ? parts.join('; ') : 'no findings changed'}`;
}
