import type { QueryClient } from '@tanstack/react-query';
import { liveKeys } from './query-keys.ts';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';

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

// Why: a run view carries only the last beat; the timeline needs the recent ones, so each new one is kept as it
// arrives. All the beats of a batch (or of a full runs view) go into one copy of the log: at 10,000 runs one pass, not
// 10,000 copies.
export function recordHeartbeats(client: QueryClient, beats: readonly { runId: string; at: string | null }[]): void {
  if (beats.length === 0) return;
  client.setQueryData<HeartbeatLog>(liveKeys.heartbeats, (before = {}) => {
    let next: Record<string, readonly number[]> | undefined;
    for (const { runId, at } of beats) {
      const kept = withBeat(next ?? before, runId, at);
      if (!kept) continue;
      next ??= { ...before };
      next[runId] = kept;
    }
    return next ?? before;
  });
}

// Runs from a full view or a change may carry beats no heartbeat event announced (after a reconnect, or past a
// thousand runs, where the launcher sends beats only in its views and changes).
export function recordHeartbeatsOf(client: QueryClient, runs: readonly AgentRunView[]): void {
  recordHeartbeats(client, runs.map((run) => ({ runId: run.run_id, at: run.last_heartbeat_at })));
}
