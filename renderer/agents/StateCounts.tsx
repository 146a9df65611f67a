import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { countByState } from './agent-model.ts';
import { AgentStateBadge } from './AgentStateBadge.tsx';

// Why: how many runs are in each state, at a glance.
export function StateCounts({ runs }: { runs: readonly AgentRunView[] }) {
  const counts = countByState(runs);
  return (
    <ul className="state-counts" aria-label="Runs by state">
      {counts.map(({ state, count }) => (
        <li key={state} className="state-counts__item">
          <AgentStateBadge state={state} /> <strong className="state-counts__n">{count}</strong>
        </li>
      ))}
    </ul>
  );
}
