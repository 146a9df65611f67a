import { z } from 'zod';
import { AgentEventSchema, AgentRunSchema } from './agent-events.ts';
import { AgentHostInfoSchema, LoopDelaySampleSchema } from './agent-host.ts';
import { LogLineSchema } from './logs.ts';

// The launcher's view of the agent host's runs: when that service is gone, runs are "unknown", never stale green.
export const AgentMonitorStatusSchema = z.enum(['disabled', 'connecting', 'connected', 'disconnected']);
export type AgentMonitorStatus = z.infer<typeof AgentMonitorStatusSchema>;

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
export const AgentRunViewSchema = z.lazy(() => AgentRunSchema.extend({
  known: z.boolean(),
  // On the receiver's clock (the launcher's), ISO: when the monitor first heard of the run, when it last received a
  // beat of it (null: never), and since when it holds the run's current state.
  seen_at: z.string(),
  beat_received_at: z.string().nullable(),
  state_since: z.string(),
  // Why the run is in its state, in words (null where a state needs none: PENDING, RUNNING, COMPLETED).
  cause: z.string().nullable(),
}));
export type AgentRunView = z.infer<typeof AgentRunViewSchema>;

export const AgentRunsViewSchema = z.lazy(() => z.object({
  status: AgentMonitorStatusSchema,
  message: z.string().nullable(),
  runs: z.array(AgentRunViewSchema),
}));
export type AgentRunsView = z.infer<typeof AgentRunsViewSchema>;

// What changed in the launcher's runs table since it last said: runs added or changed (as they are now) and runs it no
// longer holds. At 10,000 beating runs a quarter of the table changes in half a second, so this is what it sends.
export const AgentRunsChangesSchema = z.lazy(() => z.object({
  status: AgentMonitorStatusSchema,
  message: z.string().nullable(),
  runs: z.array(AgentRunViewSchema),
  removed: z.array(z.string()),
}));
export type AgentRunsChanges = z.infer<typeof AgentRunsChangesSchema>;

// Why: the table's one order, newest first; ISO times compare as plain strings (localeCompare would cost seconds a
// minute at 10,000 runs). Ties keep the order they come in.
export function newestRunFirst(a: AgentRunView, b: AgentRunView): number {
  return a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0;
}

// Why: changes applied in the order they were sent onto a full view give the launcher's table; a run seen for the first
// time goes before the runs held with the same start time, as the launcher lists the later-added first.
export function withRunsChanges(view: AgentRunsView, changes: AgentRunsChanges): AgentRunsView {
  const removed = new Set(changes.removed);
  const changed = new Map(changes.runs.map((run) => [run.run_id, run]));
  const held = new Set<string>();
  const kept: AgentRunView[] = [];
  for (const run of view.runs) {
    // Removed and changed: dropped, then added again (the launcher lists it as new).
    if (removed.has(run.run_id)) continue;
    held.add(run.run_id);
    kept.push(changed.get(run.run_id) ?? run);
  }
  const added = changes.runs.filter((run) => !held.has(run.run_id)).reverse();
  const runs = added.length === 0 ? kept : [...added, ...kept].sort(newestRunFirst);
  return { status: changes.status, message: changes.message, runs };
}

// One event as the monitor received it, stamped on its own clock (ISO).
export const ReceivedAgentEventSchema = z.lazy(() => z.object({ received_at: z.string(), event: AgentEventSchema }));
export type ReceivedAgentEvent = z.infer<typeof ReceivedAgentEventSchema>;

// Everything the launcher knows of one run, for its detail drawer: its events in order, the host's event-loop delay
// over the same window, and the host's log lines that carry the run's id.
export const AgentRunDetailSchema = z.lazy(() => z.object({
  run: AgentRunViewSchema,
  events: z.array(ReceivedAgentEventSchema),
  // Events the monitor no longer holds for this run (it keeps the latest few hundred of each).
  events_dropped: z.number().int().nonnegative(),
  host: AgentHostInfoSchema.nullable(),
  loop_delay: z.array(LoopDelaySampleSchema),
  logs: z.array(LogLineSchema),
}));
export type AgentRunDetail = z.infer<typeof AgentRunDetailSchema>;
