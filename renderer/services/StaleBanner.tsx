import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';

// Why: a file changed after the process started: the process still runs the old values until it is restarted.
export function StaleBanner({ status }: { status: ServiceStatus }) {
  const restart = useEngineCommand();
  if (status.staleKeys.length === 0) return null;
  return (
    <section className="stale" aria-label={`${status.name} runs with stale values`}>
      <span className="stale__icon" aria-hidden="true">↻</span>
      <div className="stale__text">
        <strong>Running with stale values: restart</strong> {status.name} to apply{' '}
        {status.staleKeys.map((key, index) => (
          <span key={key}>
            {index > 0 && ', '}
            <code>{key}</code>
          </span>
        ))}
      </div>
      <button
        type="button"
        className="button button--small button--warn"
        aria-label={`Restart ${status.name} to apply changes`}
        disabled={restart.isPending}
        onClick={() => restart.mutate({ type: 'restart', service: status.name })}
      >
        Restart now
      </button>
    </section>
  );
}
