import { dependencyMet, type ServiceStatus } from '../../shared/api/service-status.ts';

// Plain words for what each condition waits for (process managers' probe names confuse users: process-compose #298).
const CONDITION_HELP = {
  healthy: 'must pass its readiness check (its health endpoint answers) before this service starts',
  started: 'must have a running process before this service starts',
} as const;

// Why: "waits for db: healthy", and whether that is met right now, so a service stuck in "starting" explains itself.
export function DependencyHints({ status, all }: { status: ServiceStatus; all: readonly ServiceStatus[] }) {
  if (status.dependsOn.length === 0) return null;
  return (
    <ul className="dependencies" aria-label={`Dependencies of ${status.name}`}>
      {status.dependsOn.map((dependency) => {
        const other = all.find((candidate) => candidate.name === dependency.service);
        const met = other ? dependencyMet(dependency.condition, other) : false;
        return (
          <li key={dependency.service} className={met ? 'dependency dependency--met' : 'dependency'} title={`${dependency.service} ${CONDITION_HELP[dependency.condition]}`}>
            <span aria-hidden="true" className="dependency__icon">{met ? '✓' : '◌'}</span>
            waits for {dependency.service}: {dependency.condition}
            <span className="dependency__now"> ({other ? `${dependency.service} is ${other.state}` : 'not in this stack'})</span>
          </li>
        );
      })}
    </ul>
  );
}
