import type { CrashRecord, ServiceStatus } from '../../shared/api/service-status.ts';
import { FindingItem } from '../config/FindingItem.tsx';
import { useCrashRecords } from '../data/engine-queries.ts';
import { formatClock } from '../ui/format.ts';
import { RestartCountdown } from './RestartCountdown.tsx';

// Why: a crash is explained where it is seen: how it ended, the last stderr lines, the config findings, and what happens next.
export function CrashPanel({ status, crash }: { status: ServiceStatus; crash: CrashRecord }) {
  const history = useCrashRecords(status.name);
  const earlier = (history.data ?? []).filter((record) => record.at !== crash.at);
  return (
    <section className="crash" aria-label={`Why ${status.name} crashed`}>
      <header className="crash__head">
        <strong className="crash__how">{describeExit(crash)}</strong>
        <span className="muted"> at {formatClock(Date.parse(crash.at))}</span>
        <p className="crash__reason">{crash.reason}</p>
      </header>
      {crash.lastStderr.length > 0 && (
        <div className="crash__stderr">
          <h4 className="mini-title">Last stderr lines</h4>
          <pre>{crash.lastStderr.join('\n')}</pre>
        </div>
      )}
      {crash.findings.length > 0 && (
        <div>
          <h4 className="mini-title">Configuration findings</h4>
          <ul className="findings__list">{crash.findings.map((finding, index) => <FindingItem key={index} finding={finding} />)}</ul>
        </div>
      )}
      {status.state === 'crashed' || status.state === 'restarting' ? <RestartCountdown restartAt={crash.restartAt} /> : null}
      {earlier.length > 0 && (
        <details className="crash__history">
          <summary>Earlier crashes ({earlier.length})</summary>
          <ul>
            {earlier.slice(-10).reverse().map((record) => (
              <li key={record.at}>{formatClock(Date.parse(record.at))}: {describeExit(record)} ({record.reason})</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

// Why: "Exited with code 1" or "Killed by SIGKILL", the two ways a process ends.
export function describeExit(crash: Pick<CrashRecord, 'exitCode' | 'signal'>): string {
  if (crash.signal) return `Killed by ${crash.signal}`;
  if (crash.exitCode !== null) return `Exited with code ${crash.exitCode}`;
  return 'Ended without an exit code';
}
