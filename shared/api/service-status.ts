import { z } from 'zod';
import { FindingSchema } from '../config/finding.ts';

// 'running': the process runs but has no readiness probe (no port, no http/log check), so it is never called 'ready'.
export const SERVICE_STATES = ['stopped', 'starting', 'running', 'ready', 'unhealthy', 'crashed', 'restarting', 'stopping'] as const;
export const ServiceStateSchema = z.enum(SERVICE_STATES);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
// Why a service died, kept so the UI can say it: exit, last stderr lines (secrets redacted), config findings.
export const CrashRecordSchema = z.lazy(() => z.object({
  service: z.string(),
  at: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  reason: z.string(),
  lastStderr: z.array(z.string()),
  findings: z.array(FindingSchema),
  // When the next restart is due; null when the restart policy has given up (or does not restart).
  restartAt: z.string().nullable(),
}));
export type CrashRecord = z.infer<typeof CrashRecordSchema>;

// The OS's answer about listening ports: the ports, or why this OS cannot tell (e.g. "unavailable on win32 (...)").
export const ListeningReadingSchema = z.lazy(() => z.union([
  z.object({ ports: z.array(z.number().int()) }).strict(),
  z.object({ unavailable: z.string() }).strict(),
]));
export type ListeningReading = z.infer<typeof ListeningReadingSchema>;

export const ServiceStatusSchema = z.lazy(() => z.object({
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
  // How readiness is told, e.g. "GET /health", "TCP connect to port 9200"; null: no probe (the state stops at 'running').
  probe: z.string().nullable(),
  // The TCP ports the service's process tree listens on, read from the OS; null before the first reading or with no process.
  listening: ListeningReadingSchema.nullable(),
  // Set when it listens elsewhere than its allocated port: both ports and the fix.
  portWarning: z.string().nullable(),
}));
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const StackStateSchema = z.lazy(() => z.object({
  profile: z.string(),
  root: z.string(),
  services: z.array(ServiceStatusSchema),
}));
export type StackState = z.infer<typeof StackStateSchema>;

// Why: one reading of a dependsOn condition for the engine and the dashboard: 'started' once it runs, 'healthy' once its
// probe passed, or once it runs when it has no probe at all (there is nothing more to wait for).
export function dependencyMet(condition: 'started' | 'healthy', other: Pick<ServiceStatus, 'state' | 'pid'>): boolean {
  return condition === 'healthy' ? other.state === 'ready' || other.state === 'running' : other.pid !== null;
}
