// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { demoRuns } from '../testing/fixtures.ts';
import { HeartbeatTimeline } from './HeartbeatTimeline.tsx';

afterEach(cleanup);

const now = Date.parse('2025-01-01T00:10:00Z');
const [running, , silent] = demoRuns(now);

describe('HeartbeatTimeline', () => {
  it('draws the beats of the last minute and describes them', () => {
    if (!running) throw new Error('fixture');
    const { container } = render(<HeartbeatTimeline run={running} beats={[now - 90_000, now - 4_000, now - 2_000, now + 300]} now={now} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('summarizer run_a1: 3 heartbeats in the last 60 s');
    expect(container.querySelectorAll('.timeline__beat')).toHaveLength(3);
  });

  it('says so when no beat came', () => {
    if (!silent) throw new Error('fixture');
    render(<HeartbeatTimeline run={silent} beats={[]} now={now} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('crawler run_a3: no heartbeat in the last 60 s');
  });
});
