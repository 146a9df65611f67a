import type { ServiceState } from '../../shared/api/service-status.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { STATE_LOOK } from './service-state.ts';

// Why: a service's state with its colour and its word; 'running' says why it is not 'ready'.
export function StateBadge({ state }: { state: ServiceState }) {
  const look = STATE_LOOK[state];
  return (
    <StatusBadge tone={look.tone} pulse={look.moving} strong={state === 'crashed'} title={state === 'running' ? 'It runs, but has no port and no readiness probe: Stackdeck cannot tell whether it is ready' : undefined}>
      {state === 'running' ? 'running (no readiness probe)' : state}
    </StatusBadge>
  );
}
