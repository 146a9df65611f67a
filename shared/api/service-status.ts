import { z } from 'zod';
import { FindingSchema } from '../config/finding.ts';

export const SERVICE_STATES = ['stopped', 'starting', 'ready', 'unhealthy', 'crashed', 'restarting', 'stopping'] as const;
export const ServiceStateSchema = z.enum(SERVICE_STATES);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

// Why a service died, kept so the UI can say it: exit, last stderr lines (secrets redacted), config findings.
export const CrashRecordSchema = z.object({
  service: z.string(),
  at: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  reason: z.string(),
  lastStderr: z.array(z.string()),
  findings: z.array(FindingSchema),
  // When the next restart is due; null when the restart policy has given up (or does not restart).
  restartAt: z.string().nullable(),
});
export type CrashRecord = z.infer<typeof CrashRecordSchema>;

export const ServiceStatusSchema = z.object({
  name: z.string(),
  state: ServiceStateSchema,
  pid: z.number().int().nullable(),
  port: z.number().int().nullable(),
  url: z.string().nullable(),
  startedAt: z.string().nullable(),
  restarts: z.number().int().nonnegative(),
  dependsOn: z.array(z.object({ service: z.string(), condition: z.enum(['started', 'healthy']) })),
  stats: z.object({ cpuPercent: z.number(), rssBytes: z.number() }).nullable(),
  // Keys whose value changed in a file since this process started: "running with stale values".
  staleKeys: z.array(z.string()),
  lastCrash: CrashRecordSchema.nullable(),
  // A plain sentence for the UI: what the service is waiting for, or why it is not running.
  message: z.string().nullable(),
  // The command line of the last start, variables substituted, secrets masked, shell-quoted; absent before a start.
  commandLine: z.string().optional(),
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const StackStateSchema = z.object({
  profile: z.string(),
  root: z.string(),
  services: z.array(ServiceStatusSchema),
});
export type StackState = z.infer<typeof StackStateSchema>;
