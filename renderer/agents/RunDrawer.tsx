import { useEffect } from 'react';
import { AGENT_STATE_MEANING } from '../../shared/api/agent-events.ts';
import { useAgentRunDetail } from '../data/engine-queries.ts';
import { useNow } from '../data/use-now.ts';
import { formatClock } from '../ui/format.ts';
import { shownState } from './agent-model.ts';
import { AgentStateBadge } from './AgentStateBadge.tsx';
import { describeEvent } from './describe-event.ts';
import { RerunControls } from './RerunControls.tsx';
import { RunTimeline } from './RunTimeline.tsx';

const clock = (iso: string | null) => (iso === null ? 'never' : formatClock(Date.parse(iso), true));

// Why: to explain a run after the fact QA needs all of it in one place: its state and cause with the launcher's
// timestamps, its events in order, its beats and gaps beside the host's event-loop delay, and the host's own log lines.
export function RunDrawer({ runId, rerunDisabled, onOpen, onClose }: { runId: string; rerunDisabled: boolean; onOpen: (runId: string) => void; onClose: () => void }) {
  const { data, isError, error } = useAgentRunDetail(runId);
  const now = useNow();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const run = data?.run;
  return (
    <aside className="drawer" role="dialog" aria-label={`Run ${runId}`}>
      <header className="drawer__header">
        <div className="drawer__title">
          <h3>{run?.agent_name ?? runId}</h3>
          {run && <span className="tag">{run.scenario}</span>}
          {run && <AgentStateBadge state={shownState(run)} title={AGENT_STATE_MEANING[run.state]} />}
        </div>
        <button type="button" className="button button--ghost button--icon" aria-label="Close run details" onClick={onClose}>×</button>
      </header>
      <code className="run__id">{runId}</code>
      {isError && <p className="empty">The run&apos;s details could not be read: {error.message}</p>}
      {!data && !isError && <p className="empty">Loading the run…</p>}
      {data && run && (
        <>
          <p className="drawer__cause">{run.cause ?? AGENT_STATE_MEANING[run.state]}</p>
          <dl className="drawer__facts" aria-label="Timestamps">
            <dt>Started (host)</dt><dd>{clock(run.started_at)}</dd>
            <dt>First seen (launcher)</dt><dd>{clock(run.seen_at)}</dd>
            <dt>Last beat received (launcher)</dt><dd>{clock(run.beat_received_at)} <span className="muted">({run.heartbeats} beats)</span></dd>
            <dt>{run.state} since (launcher)</dt><dd>{clock(run.state_since)}</dd>
            <dt>Ended (host)</dt><dd>{run.ended_at ? clock(run.ended_at) : '—'}</dd>
            <dt>Host</dt><dd>{data.host ? `pid ${data.host.pid}, beat every ${data.host.timings.heartbeat_interval_ms / 1_000} s, dead after ${data.host.timings.heartbeat_timeout_ms / 1_000} s` : 'not described'}</dd>
          </dl>
          <RerunControls key={run.run_id} run={run} disabled={rerunDisabled} onStarted={onOpen} />
          <section className="drawer__section" aria-label="Heartbeat timeline">
            <h4>Heartbeats and the host&apos;s event loop</h4>
            <RunTimeline detail={data} now={now} />
          </section>
          <section className="drawer__section" aria-label="Events">
            <h4>Events <span className="muted">({data.events.length}{data.events_dropped > 0 ? `, ${data.events_dropped} older not kept` : ''})</span></h4>
            {data.events.length === 0 ? <p className="muted">No event of this run was received (it was read from the host&apos;s list).</p> : (
              <ol className="drawer__events">
                {data.events.map((entry, index) => (
                  <li key={`${entry.received_at}-${index}`} className={`drawer__event drawer__event--${entry.event.type}`}>
                    <time dateTime={entry.received_at}>{clock(entry.received_at)}</time>
                    <span className="drawer__event-type">{entry.event.type}</span>
                    <span>{describeEvent(entry.event)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="drawer__section" aria-label="Log lines of this run">
            <h4>Log lines carrying <code>{runId}</code> <span className="muted">({data.logs.length})</span></h4>
            {data.logs.length === 0 ? <p className="muted">The host logged no line with this run&apos;s id.</p> : (
              <pre className="drawer__logs">{data.logs.map((line) => `${formatClock(line.time, true)} ${line.text}`).join('\n')}</pre>
            )}
          </section>
        </>
      )}
    </aside>
  );
}
