import type { AgentRunsView } from '../../shared/api/agent-runs-view.ts';
import { StatusBadge, type Tone } from '../ui/StatusBadge.tsx';

const LOOK: Record<AgentRunsView['status'], { tone: Tone; pulse: boolean }> = {
  connected: { tone: 'ok', pulse: false },
  connecting: { tone: 'info', pulse: true },
  disconnected: { tone: 'danger', pulse: false },
  disabled: { tone: 'neutral', pulse: false },
};

// Why: whether the launcher can see the agent host's runs at all, and what it says about it.
export function MonitorStatus({ status, message }: { status: AgentRunsView['status']; message: string | null }) {
  return (
    <p className="monitor" role="group" aria-label="Agent monitor">
      <span className="field__label">Monitor</span>
      <StatusBadge tone={LOOK[status].tone} pulse={LOOK[status].pulse}>{status}</StatusBadge>
      {message && <span className="monitor__message muted">{message}</span>}
    </p>
  );
}
