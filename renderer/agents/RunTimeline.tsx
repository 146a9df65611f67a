import type { AgentRunDetail } from '../../shared/api/agent-runs-view.ts';
import { formatClock } from '../ui/format.ts';
import { heartbeatGaps } from './heartbeat-gaps.ts';

const WIDTH = 640;
const BEATS_TOP = 18;
const BEATS_HEIGHT = 30;
const LOOP_TOP = 70;
const LOOP_HEIGHT = 56;
const HEIGHT = LOOP_TOP + LOOP_HEIGHT + 18;
// A loop delay past this is a stall worth seeing: beats sent in it arrive late together.
const STALL_MS = 100;

// Why: the run's beats as the launcher received them, its silent gaps marked, above the host's event-loop delay over
// the same window: a gap with a flat delay is the agent; a gap under a delay spike is the host stalling.
export function RunTimeline({ detail, now }: { detail: AgentRunDetail; now: number }) {
  const { run } = detail;
  const start = Math.min(Date.parse(run.seen_at), Date.parse(run.started_at));
  const end = Math.max(start + 1_000, run.ended_at ? Date.parse(run.state_since) : now);
  const intervalMs = detail.host?.timings.heartbeat_interval_ms ?? 2_000;
  const beats = detail.events.filter((entry) => entry.event.type === 'agent_heartbeat').map((entry) => Date.parse(entry.received_at));
  const gaps = heartbeatGaps(beats, start, end, intervalMs);
  const loop = detail.loop_delay.filter((sample) => sample.at >= start - intervalMs && sample.at <= end + intervalMs);
  const peak = Math.ceil(Math.max(STALL_MS * 2, ...loop.map((sample) => sample.max_ms)));
  const x = (time: number) => 1 + ((Math.min(Math.max(time, start), end) - start) / (end - start)) * (WIDTH - 2);
  const y = (ms: number) => LOOP_TOP + LOOP_HEIGHT - (Math.min(ms, peak) / peak) * LOOP_HEIGHT;
  const worst = Math.round(loop.reduce((max, sample) => Math.max(max, sample.max_ms), 0));
  const summary = [
    `${beats.length} heartbeat${beats.length === 1 ? '' : 's'} received`,
    gaps.length === 0 ? 'no gap' : `${gaps.length} gap${gaps.length === 1 ? '' : 's'} (${gaps.map((gap) => `${(gap.ms / 1_000).toFixed(1)} s`).join(', ')})`,
    loop.length === 0 ? 'no event-loop samples from the host in this window' : `host event-loop delay at most ${worst} ms`,
  ].join('; ');
  return (
    <figure className="run-timeline">
      <svg width="100%" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Heartbeats and event-loop delay: ${summary}`}>
        <text className="run-timeline__lane" x={1} y={BEATS_TOP - 5}>heartbeats received</text>
        <line className="timeline__axis" x1={0} x2={WIDTH} y1={BEATS_TOP + BEATS_HEIGHT} y2={BEATS_TOP + BEATS_HEIGHT} />
        {gaps.map((gap) => (
          <g key={`${gap.from}-${gap.to}`} className="run-timeline__gap">
            <rect x={x(gap.from)} y={BEATS_TOP} width={Math.max(1, x(gap.to) - x(gap.from))} height={BEATS_HEIGHT} />
            <text x={(x(gap.from) + x(gap.to)) / 2} y={BEATS_TOP + BEATS_HEIGHT / 2 + 4} textAnchor="middle">{`gap ${(gap.ms / 1_000).toFixed(1)} s`}</text>
          </g>
        ))}
        {beats.map((beat) => <rect key={beat} className="timeline__beat" x={x(beat) - 1} y={BEATS_TOP + 4} width={2} height={BEATS_HEIGHT - 8} rx={1} />)}
        <text className="run-timeline__lane" x={1} y={LOOP_TOP - 5}>{`${detail.host ? `host (pid ${detail.host.pid})` : 'host'} event-loop delay, max per second (0–${peak} ms)`}</text>
        <line className="timeline__axis" x1={0} x2={WIDTH} y1={LOOP_TOP + LOOP_HEIGHT} y2={LOOP_TOP + LOOP_HEIGHT} />
        <line className="run-timeline__stall" x1={0} x2={WIDTH} y1={y(STALL_MS)} y2={y(STALL_MS)} />
        <text className="run-timeline__stall-label" x={WIDTH - 2} y={y(STALL_MS) - 3} textAnchor="end">{`${STALL_MS} ms`}</text>
        {loop.map((sample) => (
          <rect
            key={sample.at}
            className={`run-timeline__loop${sample.max_ms >= STALL_MS ? ' run-timeline__loop--stall' : ''}`}
            x={x(sample.at) - 2}
            y={y(sample.max_ms)}
            width={4}
            height={Math.max(1, LOOP_TOP + LOOP_HEIGHT - y(sample.max_ms))}
          />
        ))}
        <text className="run-timeline__tick" x={1} y={HEIGHT - 3}>{formatClock(start, true)}</text>
        <text className="run-timeline__tick" x={WIDTH - 1} y={HEIGHT - 3} textAnchor="end">{`${formatClock(end, true)}${run.ended_at ? ' (ended)' : ' (now)'}`}</text>
      </svg>
      <figcaption className="muted">{summary}. Times are the launcher&apos;s clock.</figcaption>
    </figure>
  );
}
