import { z } from 'zod';
import { ProfileSchema } from '../profile.ts';
import { ConnectPolicySchema } from './connect-policy.ts';
import { TargetKindSchema } from './connection-targets.ts';

export const CONNECT_STATUSES = ['ok', 'failed', 'skipped', 'aborted'] as const;

// One line of `check --connect`: what was tried (masked), how it went, how many attempts and how long.
export const ConnectResultSchema = z.object({
  service: z.string(),
  keys: z.array(z.string()),
  kind: TargetKindSchema.nullable(),
  // The address as tried, passwords masked; null for a setting with nothing to try.
  target: z.string().nullable(),
  from: z.string().nullable(),
  peer: z.string().optional(),
  status: z.enum(CONNECT_STATUSES),
  attempts: z.number().int().min(0),
  elapsedMs: z.number().int().min(0),
  // What the server answered on success (a version, PONG, an HTTP status).
  detail: z.string().optional(),
  // The driver's own words for the last failure, secrets masked; or why nothing was tried.
  error: z.string().optional(),
});
export type ConnectResult = z.infer<typeof ConnectResultSchema>;

const count = z.number().int().min(0);

// The one JSON document `check --connect --json` prints.
export const ConnectReportSchema = z.object({
  profile: ProfileSchema,
  policy: ConnectPolicySchema,
  results: z.array(ConnectResultSchema),
  summary: z.object({ ok: count, failed: count, skipped: count, aborted: count }),
  elapsedMs: z.number().int().min(0),
});
export type ConnectReport = z.infer<typeof ConnectReportSchema>;
