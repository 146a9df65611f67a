import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatClock, formatDuration, formatPercent } from './format.ts';

describe('formatting for dense rows', () => {
  it('reads durations in at most two units', () => {
    expect(formatDuration(-5)).toBe('0s');
    expect(formatDuration(42_900)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(2 * 3_600_000 + 14 * 60_000)).toBe('2h 14m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });

  it('reads memory and CPU as a developer expects', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(88_290_000)).toBe('84 MB');
    expect(formatBytes(5_500_000)).toBe('5.2 MB');
    expect(formatPercent(3.14159)).toBe('3.1%');
    expect(formatPercent(142.4)).toBe('142%');
  });

  it('says "never" for a heartbeat that never came, not the start time', () => {
    const now = Date.parse('2025-01-01T00:00:10Z');
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo('2025-01-01T00:00:06Z', now)).toBe('4s ago');
    expect(formatAgo('not a date', now)).toBe('unknown');
  });

  it('prints local clock times with optional milliseconds', () => {
    const time = new Date(2025, 0, 1, 9, 5, 7, 42).getTime();
    expect(formatClock(time)).toBe('09:05:07');
    expect(formatClock(time, true)).toBe('09:05:07.042');
  });
});
