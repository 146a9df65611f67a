import { z } from 'zod';
import { AgentEventSchema, AgentRunSchema } from './agent-events.ts';
import { AgentHostInfoSchema, LoopDelaySampleSchema } from './agent-host.ts';
import { LogLineSchema } from './logs.ts';

// The launcher's view of the agent host's runs: when that service is gone, runs are "unknown", never stale green.
export const AgentMonitorStatusSchema = z.enum(['disabled', 'connecting', 'connected', 'disconnected']);
export type AgentMonitorStatus = z.infer<typeof AgentMonitorStatusSchema>;

export const AgentRunViewSchema = AgentRunSchema.extend({
  known: z.boolean(),
  // On the receiver's clock (the launcher's), ISO: when the monitor first heard of the run, when it last received a
  // beat of it (null: never), and since when it holds the run's current state.
  seen_at: z.string(),
  beat_received_at: z.string().nullable(),
  state_since: z.string(),
  // Why the run is in its state, in words (null where a state needs none: PENDING, RUNNING, COMPLETED).
  cause: z.string().nullable(),
});
export type AgentRunView = z.infer<typeof AgentRunViewSchema>;

export const AgentRunsViewSchema = z.object({
  status: AgentMonitorStatusSchema,
  message: z.string().nullable(),
  runs: z.array(AgentRunViewSchema),
});
export type AgentRunsView = z.infer<typeof AgentRunsViewSchema>;

// One event as the monitor received it, stamped on its own clock (ISO).
export const ReceivedAgentEventSchema = z.object({ received_at: z.string(), event: AgentEventSchema });
export type ReceivedAgentEvent = z.infer<typeof ReceivedAgentEventSchema>;

// Everything the launcher knows of one run, for its detail drawer: its events in order, the host's event-loop delay
// over the same window, and the host's log lines that carry the run's id.
export const AgentRunDetailSchema = z.object({
  run: AgentRunViewSchema,
  events: z.array(ReceivedAgentEventSchema),
  // Events the monitor no longer holds for this run (it keeps the latest few hundred of each).
  events_dropped: z.number().int().nonnegative(),
  host: AgentHostInfoSchema.nullable(),
  loop_delay: z.array(LoopDelaySampleSchema),
  logs: z.array(LogLineSchema),
});
export type AgentRunDetail = z.infer<typeof AgentRunDetailSchema>;
