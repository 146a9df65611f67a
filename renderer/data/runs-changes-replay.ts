import type { QueryClient } from '@tanstack/react-query';
import { withRunsChanges, type AgentRunsChanges, type AgentRunsView } from '../../shared/api/agent-runs-view.ts';

interface Replay {
  // Changes received while at least one runs query was in flight, oldest first.
  changes: AgentRunsChanges[];
  inFlight: number;
}

const replays = new WeakMap<QueryClient, Replay>();

function replayOf(client: QueryClient): Replay {
  let replay = replays.get(client);
  if (!replay) {
    replay = { changes: [], inFlight: 0 };
    replays.set(client, replay);
  }
  return replay;
}

// Why: changes come on the event stream and a full view as a query answer, on two connections; a change sent after
// the launcher answered can arrive before the answer, and would be lost. So changes received while a query is in
// flight are kept, and applied in order onto its answer (applying one the answer already holds changes nothing).
export async function fetchRunsWithReplay(client: QueryClient, fetchView: () => Promise<AgentRunsView>): Promise<AgentRunsView> {
  const replay = replayOf(client);
  const from = replay.changes.length;
  replay.inFlight++;
  try {
    const view = await fetchView();
    return replay.changes.slice(from).reduce(withRunsChanges, view);
  } finally {
    // Positions stay valid while any query is in flight; the last one out empties the list.
    if (--replay.inFlight === 0) replay.changes = [];
  }
}

// Why: a change is kept, as it arrives, for the runs queries in flight (none in flight: nothing is kept).
export function recordRunsChanges(client: QueryClient, changes: AgentRunsChanges): void {
  const replay = replays.get(client);
  if (replay && replay.inFlight > 0) replay.changes.push(changes);
}
