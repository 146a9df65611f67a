// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/api/agent-events.ts';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { demoRuns } from '../testing/fixtures.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { AgentsView } from './AgentsView.tsx';
import { formatClock } from '../ui/format.ts';
import { EXPORT_COLUMNS } from './export-runs.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

// run_a2 (a hang run, UNRESPONSIVE) with what the monitor would hold of it: beats, then a silence, and a host stall.
function engineWithDetail() {
  const engine = createScenarioEngine();
  for (const run of demoRuns(NOW)) engine.putRun(run);
  const header = { run_id: 'run_a2', agent_name: 'crawler' };
  const beat = (n: number, msAgo: number): { received_at: string; event: AgentEvent } => ({
    received_at: iso(msAgo), event: { type: 'agent_heartbeat', ...header, timestamp: iso(msAgo), last_heartbeat_at: iso(msAgo), payload: { heartbeats: n, state: 'RUNNING' } },
  });
  engine.putRunDetail('run_a2', {
    events: [
      { received_at: iso(29_990), event: { type: 'agent_started', ...header, timestamp: iso(30_000), last_heartbeat_at: null, payload: { scenario: 'hang', state: 'PENDING' } } },
      beat(1, 29_000), beat(2, 27_000), beat(3, 25_000), beat(4, 8_000),
      { received_at: iso(2_500), event: { type: 'agent_state', ...header, timestamp: iso(2_500), last_heartbeat_at: iso(8_000), payload: { state: 'UNRESPONSIVE', change: 'unresponsive', message: 'No heartbeat for 5.5 s (expected every 2 s)' } } },
    ],
    events_dropped: 0,
    host: { instance: 'abc', pid: 4242, timings: { heartbeat_interval_ms: 2_000, heartbeat_timeout_ms: 10_000, execution_timeout_ms: 30_000 } },
    loop_delay: [{ at: NOW - 20_000, p99_ms: 2, max_ms: 3 }, { at: NOW - 15_000, p99_ms: 900, max_ms: 1_450 }, { at: NOW - 10_000, p99_ms: 1, max_ms: 2 }],
  });
  engine.pushLogs('backend', [
    '{"level":30,"run_id":"run_a2","event":"agent_started","msg":"agent crawler: agent_started"}',
    '{"level":30,"run_id":"run_a1","event":"agent_started","msg":"agent summarizer: agent_started"}',
    '{"level":40,"run_id":"run_a2","event":"agent_state","msg":"agent crawler: agent_state"}',
  ]);
  return engine;
}

describe('the run drawer', () => {
  it('opens from the run id: cause, launcher-clock timestamps, events in order, beats with gaps beside the host\'s loop delay, and the run\'s own log lines', async () => {
    const { user } = renderWithEngine(<AgentsView />, { engine: engineWithDetail() });
    await user.click(await screen.findByRole('button', { name: 'Open run run_a2' }));
    const drawer = await screen.findByRole('dialog', { name: 'Run run_a2' });
    await within(drawer).findByText(/beat every 2 s, dead after 10 s/);
    const facts = drawer.querySelector('.drawer__facts')?.textContent;
    expect(facts).toContain(`First seen (launcher)${formatClock(NOW - 29_990, true)}`);
    expect(facts).toContain(`UNRESPONSIVE since (launcher)${formatClock(NOW - 5_000, true)}`);
    const items = within(within(drawer).getByRole('region', { name: 'Events' })).getAllByRole('listitem');
    const events = items.map((item) => item.textContent ?? '');
    expect(items.map((item) => item.querySelector('.drawer__event-type')?.textContent)).toEqual(['agent_started', 'agent_heartbeat', 'agent_heartbeat', 'agent_heartbeat', 'agent_heartbeat', 'agent_state']);
    expect(events[5]).toContain('UNRESPONSIVE: No heartbeat for 5.5 s');
    const timeline = within(drawer).getByRole('img', { name: /^Heartbeats and event-loop delay/ });
    expect(timeline.getAttribute('aria-label')).toMatch(/4 heartbeats received; 2 gaps \(17\.0 s, (8|9)\.\d s\); host event-loop delay at most 1450 ms/);
    expect([...timeline.querySelectorAll('.run-timeline__gap text')].map((node) => node.textContent)).toEqual(['gap 17.0 s', expect.stringMatching(/^gap (8|9)\.\d s$/)]);
    expect(timeline.querySelectorAll('.run-timeline__loop--stall')).toHaveLength(1);
    const logs = within(drawer).getByRole('region', { name: 'Log lines of this run' }).textContent ?? '';
    expect(logs).toContain('(2)');
    expect(logs).not.toContain('run_a1');
  });

  it('says why a never-heartbeated and an interrupted run ended, and closes with Escape', async () => {
    const { user } = renderWithEngine(<AgentsView />, { engine: engineWithDetail() });
    await user.click(await screen.findByRole('button', { name: 'Open run run_a3' }));
    const never = await screen.findByRole('dialog', { name: 'Run run_a3' });
    expect(await within(never).findByText(/sent no heartbeat within 10 s/)).toBeTruthy();
    expect(never.textContent).toContain('NEVER_HEARTBEATED since (launcher)');
    expect(within(never).getByRole('img', { name: /0 heartbeats received; 1 gap/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open run run_a7' }));
    const interrupted = await screen.findByRole('dialog', { name: 'Run run_a7' });
    expect(await within(interrupted).findByText(/backend restarted under it: process 4242 was replaced by process 4311/)).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('reruns the run as it was, then as another scenario, and follows the new run', async () => {
    const { user, engine } = renderWithEngine(<AgentsView />, { engine: engineWithDetail() });
    await user.click(await screen.findByRole('button', { name: 'Open run run_a5' }));
    const drawer = await screen.findByRole('dialog', { name: 'Run run_a5' });
    await user.click(await within(drawer).findByRole('button', { name: 'Rerun (crash)' }));
    const rerun = await screen.findByRole('dialog', { name: /^Run run_\d+$/ });
    await waitFor(() => expect(engine.commands).toContainEqual({ type: 'rerunAgentRun', run_id: 'run_a5' }));
    const newId = rerun.getAttribute('aria-label')?.replace('Run ', '') ?? '';
    expect(within(rerun).getByRole('heading', { name: 'indexer' })).toBeTruthy();
    await user.selectOptions(within(rerun).getByRole('combobox', { name: 'Rerun scenario' }), 'mute');
    await user.click(within(rerun).getByRole('button', { name: 'Rerun as mute' }));
    await waitFor(() => expect(engine.commands).toContainEqual({ type: 'rerunAgentRun', run_id: newId, scenario: 'mute' }));
    const runs = (await engine.query({ type: 'agentRuns' })).runs.filter((run) => run.agent_name === 'indexer' && !run.run_id.startsWith('run_a'));
    expect(runs.map((run) => run.scenario).sort()).toEqual(['crash', 'mute']);
  });
});

describe('exporting the runs table', () => {
  it('downloads the shown runs as CSV and as JSON', async () => {
    const saved: { name: string; text: Promise<string>; type: string }[] = [];
    let lastBlob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      lastBlob = blob as Blob;
      return 'blob:export';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (lastBlob) saved.push({ name: this.download, text: lastBlob.text(), type: lastBlob.type });
    });
    const { user } = renderWithEngine(<AgentsView />, { engine: engineWithDetail() });
    await screen.findByRole('button', { name: 'Open run run_a1' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter runs by state' }), 'UNRESPONSIVE');
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter runs by state' }), 'all');
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(saved.map((file) => [file.name.replace(/\d{4}-.*Z/, 'TIME'), file.type])).toEqual([
      ['agent-runs-TIME.csv', 'text/csv;charset=utf-8'], ['agent-runs-TIME.json', 'application/json'],
    ]);
    const csv = await saved[0]?.text;
    expect(csv?.split('\r\n')).toEqual([EXPORT_COLUMNS.join(','), expect.stringMatching(/^run_a2,crawler,hang,UNRESPONSIVE,UNRESPONSIVE,/), '']);
    const json = JSON.parse((await saved[1]?.text) ?? '{}') as { runs: { run_id: string }[] };
    expect(json.runs.map((run) => run.run_id).sort()).toEqual(demoRuns(NOW).map((run) => run.run_id).sort());
  });
});

describe('the runs table at scale', () => {
  it('renders only a window of 10,000 runs, and still says how many rows there are', async () => {
    // happy-dom lays nothing out: the scroller is given the 600 px a window would give it.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('runs-scroller') ? 600 : 0;
    });
    const engine = createScenarioEngine();
    const [template] = demoRuns(NOW);
    engine.putRuns(Array.from({ length: 10_000 }, (_, i) => ({ ...(template as AgentRunView), run_id: `run_${String(i).padStart(5, '0')}`, started_at: iso(i) })));
    renderWithEngine(<AgentsView />, { engine });
    // 10,000 runs through the query cache take a moment on a busy machine; the window is what is measured.
    const table = await screen.findByRole('table', { name: 'Agent runs' }, { timeout: 10_000 });
    await within(table).findByText('run_00000', {}, { timeout: 10_000 });
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    const rendered = within(table).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(1);
    expect(rendered).toBeLessThan(100);
  });
});
