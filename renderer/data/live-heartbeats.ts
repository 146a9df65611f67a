import type { QueryClient } from '@tanstack/react-query';
import { liveKeys } from './query-keys.ts';
import type { AgentRunsView } from '../../shared/api/agent-runs-view.ts';

// Recent heartbeat times per run (ms since epoch), newest last: what the inline timelines draw.
export type HeartbeatLog = Readonly<Record<string, readonly number[]>>;

const KEPT_PER_RUN = 40;

// The log with one more beat of one run, or undefined when it holds that beat already (or the time is not one).
function withBeat(log: HeartbeatLog, runId: string, at: string | null): readonly number[] | undefined {
  if (at === null) return undefined;
  const time = Date.parse(at);
  if (Number.isNaN(time)) return undefined;
  const beats = log[runId] ?? [];
  if (beats.includes(time)) return undefined;
  return [...beats, time].sort((a, b) => a - b).slice(-KEPT_PER_RUN);
}

// Why: a run view carries only the last beat; the timeline needs the recent ones, so each new one is kept as it arrives.
export function recordHeartbeat(client: QueryClient, runId: string, at: string | null): void {
  client.setQueryData<HeartbeatLog>(liveKeys.heartbeats, (before = {}) => {
    const beats = withBeat(before, runId, at);
    return beats ? { ...before, [runId]: beats } : before;
  });
}

// Why: a full runs view may carry beats no heartbeat event announced (after a reconnect, or from the monitor's own
// push); all of them are added in one copy of the log, so a view of 10,000 runs costs one pass, not 10,000 copies.
export function recordHeartbeatsOf(client: QueryClient, view: AgentRunsView): void {
  client.setQueryData<HeartbeatLog>(liveKeys.heartbeats, (before = {}) => {
    let next: Record<string, readonly number[]> | undefined;
    for (const run of view.runs) {
      const beats = withBeat(next ?? before, run.run_id, run.last_heartbeat_at);
      if (!beats) continue;
      next ??= { ...before };
      next[run.run_id] = beats;
    }
    return next ?? before;
  });
}
