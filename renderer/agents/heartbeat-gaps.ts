// A silence is a gap once it is longer than this many intervals: at least one beat did not come.
export const GAP_AFTER_INTERVALS = 1.5;

export interface BeatGap {
  from: number;
  to: number;
  ms: number;
  // Before the first beat (from the start), between two beats, or after the last (to the end or now).
  where: 'before_first' | 'between' | 'after_last';
}

// Why: a hang or a stall reads as a hole in the rhythm; marking each silence longer than 1.5 beats (times in ms on
// one clock) shows where beats went missing, and how long for.
export function heartbeatGaps(beats: readonly number[], start: number, end: number, intervalMs: number): BeatGap[] {
  const limit = GAP_AFTER_INTERVALS * intervalMs;
  const inside = [...beats].filter((beat) => beat >= start && beat <= end).sort((a, b) => a - b);
  const points = [start, ...inside, end];
  const gaps: BeatGap[] = [];
  for (let index = 0; index + 1 < points.length; index++) {
    const from = points[index] as number;
    const to = points[index + 1] as number;
    if (to - from <= limit) continue;
    const where = index === 0 ? 'before_first' : index + 2 === points.length ? 'after_last' : 'between';
    gaps.push({ from, to, ms: to - from, where });
  }
  return gaps;
}
