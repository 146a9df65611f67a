import { AGENT_STATE_MEANING } from '../../shared/api/agent-events.ts';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { formatAgo, formatClock } from '../ui/format.ts';
import { shownState } from './agent-model.ts';
import { AgentStateBadge } from './AgentStateBadge.tsx';
import { HeartbeatTimeline } from './HeartbeatTimeline.tsx';

export interface AgentRunRowProps {
  run: AgentRunView;
  beats: readonly number[];
  note: string | undefined;
  now: number;
  selected: boolean;
  onOpen: (runId: string) => void;
  // Which of all rows this is (the virtualised table renders only some).
  index?: number;
}

// Why: one run: who, which, state, since when, how long since its last beat ("never" when none came), and why it ended
// as it did; its id opens the run's drawer.
export function AgentRunRow({ run, beats, note, now, selected, onOpen, index }: AgentRunRowProps) {
  const state = shownState(run);
  const ended = run.ended_at !== null;
  const why = run.cause ?? note ?? run.error ?? null;
  return (
    <tr aria-rowindex={index === undefined ? undefined : index + 2} aria-selected={selected} className={`run run--${state.toLowerCase()}${selected ? ' run--selected' : ''}`}>
      <th scope="row" className="run__agent">
        {run.agent_name}
        <span className="tag">{run.scenario}</span>
      </th>
      <td>
        <button type="button" className="run__open" aria-label={`Open run ${run.run_id}`} onClick={() => onOpen(run.run_id)}>
          <code className="run__id">{run.run_id}</code>
        </button>
      </td>
      <td>
        <AgentStateBadge state={state} title={run.known ? `${AGENT_STATE_MEANING[run.state]} (since ${formatClock(Date.parse(run.state_since), true)}, launcher's clock)` : `the agent host is out of reach; last known state ${run.state}`} />
        {!run.known && <span className="run__last-known muted"> was {run.state}</span>}
      </td>
      <td title={run.started_at}>{formatClock(Date.parse(run.started_at))}</td>
      <td className={`run__beat${state === 'UNRESPONSIVE' ? ' text-warn' : ''}${ended ? ' muted' : ''}`} title={run.last_heartbeat_at ?? 'no heartbeat received'}>
        {formatAgo(run.last_heartbeat_at, now)}
      </td>
      <td className="numeric">{run.heartbeats}</td>
      <td><HeartbeatTimeline run={run} beats={beats} now={now} /></td>
      <td className="run__death">
        {run.death_cause && <span className="tag tag--danger">{run.death_cause}</span>}
        {why && <span className="run__message" title={why}>{why}</span>}
        {!run.death_cause && !why && <span className="muted">—</span>}
      </td>
    </tr>
  );
}
