import { useStackState } from '../data/engine-queries.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';
import { ServiceCard } from './ServiceCard.tsx';

// Why: the launcher's home: every service of the stack, with Start all and Stop all one click (or one key) away.
export function ServicesView() {
  const { data, isPending, isError, refetch } = useStackState();
  const stack = useEngineCommand();
  return (
    <div className="view services-view">
      <div className="toolbar">
        <h2 className="view-title">Services</h2>
        {data && <span className="muted">{data.root}</span>}
        <div className="toolbar__end">
          <button type="button" className="button button--primary" disabled={stack.isPending || !data} onClick={() => stack.mutate({ type: 'start' })} title="Shift+S">
            Start all
          </button>
          <button type="button" className="button" disabled={stack.isPending || !data} onClick={() => stack.mutate({ type: 'stop' })} title="Shift+X">
            Stop all
          </button>
          <button type="button" className="button" disabled={stack.isPending || !data} onClick={() => stack.mutate({ type: 'restart' })} title="Shift+R">
            Restart all
          </button>
        </div>
      </div>
      {isPending && <p className="empty">Loading services…</p>}
      {isError && (
        <p className="empty">
          The services could not be loaded. <button type="button" className="button button--small" onClick={() => void refetch()}>Try again</button>
        </p>
      )}
      {data && data.services.length === 0 && <p className="empty">This stack declares no services. Add them to stackdeck.json.</p>}
      {data && (
        <div className="service-list">
          {data.services.map((status) => <ServiceCard key={status.name} status={status} all={data.services} />)}
        </div>
      )}
    </div>
  );
}
