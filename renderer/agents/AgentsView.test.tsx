// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoRuns } from '../testing/fixtures.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { AgentsView } from './AgentsView.tsx';

function engineWithRuns() {
  const engine = createScenarioEngine();
  for (const run of demoRuns()) engine.putRun(run);
  return engine;
}

async function runRow(runId: string): Promise<HTMLElement> {
  const cell = await screen.findByText(runId, { selector: 'code' });
  const row = cell.closest('tr');
  if (!row) throw new Error(`no row for ${runId}`);
  return row;
}

describe('AgentsView', () => {
  it('lists runs with their state; unknown runs are not shown green, and a run that never beat says "never"', async () => {
    renderWithEngine(<AgentsView />, { engine: engineWithRuns() });
    expect((await screen.findByLabelText('Agent monitor')).textContent).toContain('connected');
    expect((await runRow('run_a2')).textContent).toContain('UNRESPONSIVE');
    const dead = await runRow('run_a3');
    expect(dead.textContent).toContain('NEVER_HEARTBEATED');
    expect(dead.textContent).toContain('never');
    expect(dead.textContent).toContain('never_heartbeated');
    expect(dead.textContent).toContain('sent no heartbeat within 10 s');
    const interrupted = await runRow('run_a7');
    expect(interrupted.textContent).toContain('INTERRUPTED');
    expect(interrupted.textContent).toContain('backend restarted under it: process 4242 was replaced by process 4311');
    const lost = await runRow('run_a6');
    expect(lost.textContent).toContain('unknown');
    expect(lost.textContent).toContain('was RUNNING');
    expect(within(lost).queryByText('RUNNING', { selector: '.badge' })).toBeNull();
    const counts = screen.getByRole('list', { name: 'Runs by state' });
    expect(within(counts).getAllByRole('listitem').map((item) => item.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'RUNNING 1', 'UNRESPONSIVE 1', 'COMPLETED 1', 'FAILED 1', 'NEVER_HEARTBEATED 1', 'INTERRUPTED 1', 'unknown 1',
    ]);
  });

  it('filters runs by state', async () => {
    const { user } = renderWithEngine(<AgentsView />, { engine: engineWithRuns() });
    await runRow('run_a1');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter runs by state' }), 'NEVER_HEARTBEATED');
    const table = screen.getByRole('table', { name: 'Agent runs' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(table.textContent).toContain('run_a3');
  });

  it('starts runs from the form: agent, scenario and count reach the engine and the runs appear', async () => {
    const { user, engine } = renderWithEngine(<AgentsView />);
    expect(await screen.findByText('No agent runs yet. Start some with the form above.')).toBeTruthy();
    const name = screen.getByRole('textbox', { name: 'Agent name' });
    await user.clear(name);
    await user.type(name, 'crawler');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scenario' }), 'hang');
    const count = screen.getByRole('spinbutton', { name: 'Count' });
    await user.clear(count);
    await user.type(count, '3');
    await user.click(screen.getByRole('button', { name: 'Start runs' }));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Agent runs' })).getAllByRole('row')).toHaveLength(4));
    expect(engine.commands).toEqual([{ type: 'startAgentRun', agent_name: 'crawler', scenario: 'hang', count: 3 }]);
  });

  it('follows heartbeats and deaths live: the beat count, the timeline and the death cause', async () => {
    const engine = engineWithRuns();
    const { user } = renderWithEngine(<AgentsView />, { engine });
    await user.click(screen.getByRole('button', { name: 'Start runs' }));
    const [started] = (await engine.query({ type: 'agentRuns' })).runs.filter((run) => run.agent_name === 'qa-agent');
    if (!started) throw new Error('no run started');
    const row = await runRow(started.run_id);
    expect(row.textContent).toContain('never');
    const at = new Date().toISOString();
    const base = { run_id: started.run_id, agent_name: 'qa-agent', timestamp: at };
    engine.emit({ type: 'agentEvent', event: { ...base, type: 'agent_heartbeat', last_heartbeat_at: at, payload: { heartbeats: 1, state: 'RUNNING' } } });
    await waitFor(() => expect(within(row).getByRole('img').getAttribute('aria-label')).toContain('1 heartbeat in the last 60 s'));
    expect(row.textContent).toMatch(/[01]s ago/);
    engine.emit({ type: 'agentEvent', event: { ...base, type: 'agent_death', last_heartbeat_at: at, payload: { status: 'dead', death_cause: 'timeout', message: 'ran past its 30 s limit', recovery_action: 'cancelled' } } });
    await waitFor(() => expect((row.textContent ?? '')).toContain('TIMED_OUT'));
    expect(row.textContent).toContain('ran past its 30 s limit (recovery: cancelled)');
  });

  it('says when the monitor is off, and does not offer to start runs', async () => {
    const engine = createScenarioEngine();
    engine.setMonitor('disabled', 'the agent monitor is off in this launcher');
    renderWithEngine(<AgentsView />, { engine });
    expect(await screen.findByText('The agent monitor is off in this launcher.')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start runs' }).disabled).toBe(true);
  });
});
