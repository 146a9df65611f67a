import type { ServiceState } from '../../shared/api/service-status.ts';
import type { Tone } from '../ui/StatusBadge.tsx';

// Why: one reading of each state: its colour, whether it is in motion, and which buttons make sense.
export const STATE_LOOK: Record<ServiceState, { tone: Tone; moving: boolean }> = {
  stopped: { tone: 'neutral', moving: false },
  starting: { tone: 'info', moving: true },
  // Runs, with no probe to say it is ready: calm, but not the green of 'ready'.
  running: { tone: 'neutral', moving: false },
  ready: { tone: 'ok', moving: false },
  unhealthy: { tone: 'warn', moving: false },
  crashed: { tone: 'danger', moving: false },
  restarting: { tone: 'accent', moving: true },
  stopping: { tone: 'neutral', moving: true },
};

// Why: a button that cannot do anything in this state is disabled, not an error waiting to happen.
export function allowedActions(state: ServiceState): { start: boolean; stop: boolean; restart: boolean } {
  return {
    start: state === 'stopped' || state === 'crashed',
    stop: state === 'starting' || state === 'running' || state === 'ready' || state === 'unhealthy' || state === 'restarting' || state === 'crashed',
    restart: state === 'ready' || state === 'running' || state === 'unhealthy' || state === 'crashed' || state === 'starting',
  };
}

// Why: uptime and stats mean something only while a process is there.
export function hasProcess(state: ServiceState): boolean {
  return state === 'starting' || state === 'running' || state === 'ready' || state === 'unhealthy' || state === 'stopping';
}
