import type { ReactNode } from 'react';
import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { useNow } from '../data/use-now.ts';
import { formatBytes, formatDuration, formatPercent } from '../ui/format.ts';
import { hasProcess } from './service-state.ts';

// Why: the numbers a developer checks first (pid, port, uptime, restarts, CPU, memory), dense and aligned.
export function ServiceFacts({ status }: { status: ServiceStatus }) {
  const now = useNow();
  const running = hasProcess(status.state);
  const started = status.startedAt ? Date.parse(status.startedAt) : NaN;
  const dash = <span className="muted">—</span>;
  return (
    <dl className="facts">
      <Fact label="PID">{status.pid ?? dash}</Fact>
      <Fact label="Port">
        {status.port === null ? dash : status.url ? (
          <a href={status.url} target="_blank" rel="noreferrer" aria-label={`Open ${status.name} on port ${status.port}`}>
            {status.port}
          </a>
        ) : status.port}
      </Fact>
      <Fact label="Listening">{running && status.listening ? <ListeningPorts status={status} /> : dash}</Fact>
      <Fact label="Uptime">{running && !Number.isNaN(started) ? formatDuration(now - started) : dash}</Fact>
      <Fact label="Restarts">{status.restarts}</Fact>
      <Fact label="CPU">{running && status.stats ? formatPercent(status.stats.cpuPercent) : dash}</Fact>
      <Fact label="Memory">{running && status.stats ? formatBytes(status.stats.rssBytes) : dash}</Fact>
    </dl>
  );
}

// The ports its process tree really listens on (read from the OS), or why this OS cannot tell.
function ListeningPorts({ status }: { status: ServiceStatus }) {
  const listening = status.listening;
  if (!listening) return null;
  if ('unavailable' in listening) return <span className="muted" title={`Listening ports: ${listening.unavailable}`}>n/a</span>;
  if (listening.ports.length === 0) return <span className="muted">none</span>;
  return <span className={status.portWarning ? 'fact__warn' : undefined}>{listening.ports.join(', ')}</span>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
