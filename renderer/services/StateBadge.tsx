import type { ServiceState } from '../../shared/api/service-status.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { STATE_LOOK } from './service-state.ts';

// Why: a service's state with its colour and its word.
export function StateBadge({ state }: { state: ServiceState }) {
  const look = STATE_LOOK[state];
  return (
    <StatusBadge tone={look.tone} pulse={look.moving} strong={state === 'crashed'}>
      {state}
    </StatusBadge>
  );
}
