import { z } from 'zod';

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
// What the agent host says of itself beside its runs: which process this is (a new instance means it restarted),
// and the timings it judges liveness by. Browser-safe: zod only.
export const AgentHostInfoSchema = z.lazy(() => z.object({
  // Random for each start of the process: a different one after a reconnect means the host restarted.
  instance: z.string().min(1),
  pid: z.number().int().positive(),
  timings: z.object({
    heartbeat_interval_ms: z.number().positive(),
    heartbeat_timeout_ms: z.number().positive(),
    execution_timeout_ms: z.number().positive(),
  }),
}));
export type AgentHostInfo = z.infer<typeof AgentHostInfoSchema>;

// One window of the host's event-loop delay, as it sends it: `age_ms` is how long ago the window closed.
export const HostLoopSampleSchema = z.lazy(() => z.object({
  seq: z.number().int().positive(),
  age_ms: z.number().nonnegative(),
  p50_ms: z.number().nonnegative(),
  p99_ms: z.number().nonnegative(),
  max_ms: z.number().nonnegative(),
}));

export const HostLoopSamplesSchema = z.lazy(() => z.object({ instance: z.string().min(1), samples: z.array(HostLoopSampleSchema) }));
export type HostLoopSamples = z.infer<typeof HostLoopSamplesSchema>;

// The same window placed on the launcher's clock (ms since epoch), where the runs' beats are placed too.
export const LoopDelaySampleSchema = z.lazy(() => z.object({ at: z.number(), p99_ms: z.number().nonnegative(), max_ms: z.number().nonnegative() }));
export type LoopDelaySample = z.infer<typeof LoopDelaySampleSchema>;
