import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';
import { allowedActions } from './service-state.ts';

// Why: start, stop and restart one service, each button named for its service ("Start api") for screen readers and tests.
export function ServiceActions({ status }: { status: ServiceStatus }) {
  const command = useEngineCommand();
  const allowed = allowedActions(status.state);
  const busy = command.isPending;
  const button = (type: 'start' | 'stop' | 'restart', label: string, enabled: boolean, primary = false) => (
    <button
      type="button"
      className={`button button--small${primary ? ' button--primary' : ''}`}
      aria-label={`${label} ${status.name}`}
      disabled={!enabled || busy}
      onClick={() => command.mutate({ type, service: status.name })}
    >
      {label}
    </button>
  );
  return (
    <div className="service-actions">
      {button('start', 'Start', allowed.start, true)}
      {button('stop', 'Stop', allowed.stop)}
      {button('restart', 'Restart', allowed.restart)}
    </div>
  );
}
