import type { QueryClient } from '@tanstack/react-query';
import { liveKeys } from './query-keys.ts';
import type { AgentRunsView } from '../../shared/api/agent-runs-view.ts';

// Recent heartbeat times per run (ms since epoch), newest last: what the inline timelines draw.
export type HeartbeatLog = Readonly<Record<string, readonly number[]>>;

const KEPT_PER_RUN = 40;

// Why: a run view carries only the last beat; the timeline needs the recent ones, so each new one is kept as it arrives.
export function recordHeartbeat(client: QueryClient, runId: string, at: string | null): void {
  if (at === null) return;
  const time = Date.parse(at);
  if (Number.isNaN(time)) return;
  client.setQueryData<HeartbeatLog>(liveKeys.heartbeats, (before = {}) => {
    const beats = before[runId] ?? [];
    if (beats.includes(time)) return before;
    return { ...before, [runId]: [...beats, time].sort((a, b) => a - b).slice(-KEPT_PER_RUN) };
  });
}

// Why: a full runs view may carry beats no heartbeat event announced (after a reconnect, or from the monitor's own push).
export function recordHeartbeatsOf(client: QueryClient, view: AgentRunsView): void {
  for (const run of view.runs) recordHeartbeat(client, run.run_id, run.last_heartbeat_at);
}
