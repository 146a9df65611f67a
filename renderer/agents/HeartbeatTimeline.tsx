import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';

const WIDTH = 120;
const HEIGHT = 18;

// Why: the rhythm of a run's heartbeats over the last minute; a gap (hang, silence) is seen before it is read.
export function HeartbeatTimeline({ run, beats, now, windowMs = 60_000 }: { run: AgentRunView; beats: readonly number[]; now: number; windowMs?: number }) {
  const end = run.ended_at ? Math.min(now, Date.parse(run.ended_at)) : now;
  const start = end - windowMs;
  // The shared clock ticks once a second: a beat newer than its last tick is drawn at the right edge, not dropped.
  const visible = beats.filter((beat) => beat >= start && (run.ended_at === null || beat <= end));
  const x = (time: number) => (Math.min(time - start, windowMs) / windowMs) * (WIDTH - 2) + 1;
  const began = Date.parse(run.started_at);
  const label = visible.length === 0
    ? `${run.agent_name} ${run.run_id}: no heartbeat in the last ${windowMs / 1_000} s`
    : `${run.agent_name} ${run.run_id}: ${visible.length} heartbeat${visible.length === 1 ? '' : 's'} in the last ${windowMs / 1_000} s`;
  return (
    <svg className="timeline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <line className="timeline__axis" x1={0} x2={WIDTH} y1={HEIGHT - 3} y2={HEIGHT - 3} />
      {began > start && <line className="timeline__start" x1={x(began)} x2={x(began)} y1={4} y2={HEIGHT - 1} />}
      {visible.map((beat) => <rect key={beat} className="timeline__beat" x={x(beat) - 1} y={3} width={2} height={HEIGHT - 7} rx={1} />)}
      {run.ended_at && <line className="timeline__end" x1={WIDTH - 1} x2={WIDTH - 1} y1={2} y2={HEIGHT - 1} />}
    </svg>
  );
}
