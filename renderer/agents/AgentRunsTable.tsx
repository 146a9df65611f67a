import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { useNow } from '../data/use-now.ts';
import { useAgentNotes, useHeartbeatLog } from '../data/use-live-data.ts';
import { AgentRunRow } from './AgentRunRow.tsx';

// Why: the live table of runs; "time since last heartbeat" ticks every second.
export function AgentRunsTable({ runs }: { runs: readonly AgentRunView[] }) {
  const now = useNow();
  const beats = useHeartbeatLog();
  const notes = useAgentNotes();
  return (
    <div className="table-wrap">
      <table className="table runs" aria-label="Agent runs">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Run</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col" className="numeric">Beats</th>
            <th scope="col">Last minute</th>
            <th scope="col">Death cause</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => <AgentRunRow key={run.run_id} run={run} beats={beats[run.run_id] ?? []} note={notes[run.run_id]} now={now} />)}
        </tbody>
      </table>
    </div>
  );
}
