import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { CrashPanel } from './CrashPanel.tsx';
import { DependencyHints } from './DependencyHints.tsx';
import { ServiceActions } from './ServiceActions.tsx';
import { PortWarning } from './PortWarning.tsx';
import { ServiceFacts } from './ServiceFacts.tsx';
import { StaleBanner } from './StaleBanner.tsx';
import { StateBadge } from './StateBadge.tsx';

// Why: everything about one service in one place: state, numbers, what it waits for, why it crashed, whether it runs stale.
export function ServiceCard({ status, all }: { status: ServiceStatus; all: readonly ServiceStatus[] }) {
  const headingId = `service-${status.name}`;
  const crash = status.lastCrash;
  const showCrash = crash !== null && (status.state === 'crashed' || status.state === 'restarting');
  return (
    <article className={`card service service--${status.state}`} aria-labelledby={headingId}>
      <header className="service__head">
        <h3 id={headingId} className="service__name">{status.name}</h3>
        <StateBadge state={status.state} />
        <ServiceActions status={status} />
      </header>
      <ServiceFacts status={status} />
      {status.commandLine && (
        <p className="service__command" aria-label={`Command line of ${status.name}`} title="The last start's command, variables substituted, secrets masked">
          <code>$ {status.commandLine}</code>
        </p>
      )}
      <DependencyHints status={status} all={all} />
      {status.message && <p className="service__message">{status.message}</p>}
      <PortWarning status={status} />
      <StaleBanner status={status} />
      {showCrash && <CrashPanel status={status} crash={crash} />}
    </article>
  );
}
