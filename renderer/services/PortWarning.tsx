import type { ServiceStatus } from '../../shared/api/service-status.ts';

// Why: a service that listens elsewhere than its allocated port is unreachable where peers look for it: both ports and the fix.
export function PortWarning({ status }: { status: ServiceStatus }) {
  if (!status.portWarning) return null;
  return (
    <section className="port-warning" aria-label={`${status.name} listens elsewhere than its port`}>
      <span className="port-warning__icon" aria-hidden="true">⚠</span>
      <div className="port-warning__text">{status.portWarning}</div>
    </section>
  );
}
