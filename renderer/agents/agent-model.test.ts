import { describe, expect, it } from 'vitest';
import { demoRuns } from '../testing/fixtures.ts';
import { countByState, shownState, sortRuns } from './agent-model.ts';

describe('the agent runs model', () => {
  it('shows a run the monitor cannot see as unknown, never as its last state', () => {
    const runs = demoRuns();
    const lost = runs.find((run) => !run.known);
    expect(lost?.state).toBe('RUNNING');
    expect(lost && shownState(lost)).toBe('unknown');
  });

  it('counts runs by shown state, in the order states are listed', () => {
    expect(countByState(demoRuns())).toEqual([
      { state: 'RUNNING', count: 1 },
      { state: 'UNRESPONSIVE', count: 1 },
      { state: 'COMPLETED', count: 1 },
      { state: 'FAILED', count: 1 },
      { state: 'NEVER_HEARTBEATED', count: 1 },
      { state: 'INTERRUPTED', count: 1 },
      { state: 'unknown', count: 1 },
    ]);
  });

  it('lists the newest run first', () => {
    const [older, newer] = demoRuns();
    if (!older || !newer) throw new Error('fixture');
    const sorted = sortRuns([{ ...older, started_at: '2025-01-01T00:00:00Z' }, { ...newer, started_at: '2025-01-01T00:00:05Z' }]);
    expect(sorted.map((run) => run.run_id)).toEqual([newer.run_id, older.run_id]);
  });
});
