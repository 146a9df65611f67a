import { StatusBadge } from '../ui/StatusBadge.tsx';
import { AGENT_STATE_LOOK, type ShownState } from './agent-model.ts';

// Why: a run's state with colour and word; UNRESPONSIVE and DEAD in bold.
export function AgentStateBadge({ state, title }: { state: ShownState; title?: string }) {
  const look = AGENT_STATE_LOOK[state];
  return <StatusBadge tone={look.tone} strong={look.strong} pulse={look.moving} title={title}>{state}</StatusBadge>;
}
