// @vitest-environment happy-dom
import { Profiler } from 'react';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { LogsView } from './LogsView.tsx';

const output = (label: string) => screen.getByRole('region', { name: `Log output: ${label}` });
const terminalText = (label: string) => output(label).querySelector('.xterm-rows')?.textContent ?? '';
const shows = (label: string, text: string) => waitFor(() => expect(terminalText(label)).toContain(text));

function engineWithBacklog() {
  const engine = createScenarioEngine();
  engine.pushLogs('auth', ['auth backlog one', 'auth says \x1b[31mred\x1b[0m']);
  engine.pushLogs('backend', ['backend backlog']);
  return engine;
}

describe('LogsView', () => {
  it('opens on the combined view: backlog first, then live lines, a prefix per service and ANSI colours kept', async () => {
    const { engine } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await shows('all services', 'auth says red');
    expect(terminalText('all services')).toContain('backend │  backend backlog');
    expect(output('all services').querySelector('.xterm-fg-1')?.textContent).toBe('red');
    engine.pushLogs('backend', ['live from backend']);
    await shows('all services', 'backend │  live from backend');
  });

  it('shows one service in its own pane, without the others', async () => {
    const { engine, user } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await user.click(await screen.findByRole('radio', { name: 'auth' }));
    await shows('auth', 'auth backlog one');
    engine.pushLogs('backend', ['not for this pane']);
    engine.pushLogs('auth', ['for this pane']);
    await shows('auth', 'for this pane');
    expect(terminalText('auth')).not.toContain('not for this pane');
    expect(terminalText('auth')).not.toContain('│');
  });

  it('marks lines the engine skipped', async () => {
    const { engine } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await shows('all services', 'backend backlog');
    engine.pushLogs('auth', ['after the gap'], 12);
    await shows('all services', '── 12 lines skipped (auth) ──');
  });

  it('filters JSON lines by level, keeping plain lines', async () => {
    const engine = createScenarioEngine();
    engine.pushLogs('backend', [
      { text: JSON.stringify({ level: 'debug', msg: 'noisy detail' }), level: 'debug' },
      { text: JSON.stringify({ level: 'error', msg: 'it broke' }), level: 'error' },
      'a plain line',
    ]);
    const { user } = renderWithEngine(<LogsView />, { engine });
    await shows('all services', 'noisy detail');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Level filter for all services' }), 'error');
    await waitFor(() => expect(terminalText('all services')).not.toContain('noisy detail'));
    expect(terminalText('all services')).toContain('ERROR it broke');
    expect(terminalText('all services')).toContain('a plain line');
  });

  it('holds new lines while paused, says how many, and writes them on resume', async () => {
    const { engine, user } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await shows('all services', 'backend backlog');
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    engine.pushLogs('auth', ['held one', 'held two']);
    expect(await screen.findByText('2 new lines held')).toBeTruthy();
    expect(terminalText('all services')).not.toContain('held one');
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await shows('all services', 'held two');
  });

  it('clears the pane and copies its lines as plain text', async () => {
    const { user } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await shows('all services', 'auth says red');
    await user.click(screen.getByRole('button', { name: 'Copy all services' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toMatch(/ auth auth says red\n.* backend backend backlog$/));
    await user.click(screen.getByRole('button', { name: 'Clear all services' }));
    await waitFor(() => expect(terminalText('all services')).not.toContain('auth says red'));
  });

  it('finds text in the pane with the search box', async () => {
    const { user } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await shows('all services', 'auth backlog one');
    await user.type(screen.getByRole('searchbox', { name: 'Search all services' }), 'backlog');
    expect(await screen.findByText('1 of 2')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(await screen.findByText('2 of 2')).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: 'Search all services' }), 'zzz');
    expect(await screen.findByText('no matches')).toBeTruthy();
  });

  it('re-queries the backlog after a reconnect, so lines sent while disconnected appear', async () => {
    const { engine, transport } = renderWithEngine(<LogsView />, { engine: engineWithBacklog() });
    await shows('all services', 'backend backlog');
    transport.setStatus('reconnecting');
    engine.pushLogs('auth', ['sent while away']);
    transport.setStatus('active');
    await shows('all services', 'sent while away');
  });

  it('a flood of lines costs a handful of React renders, not one per line', async () => {
    let renders = 0;
    const { engine } = renderWithEngine(<Profiler id="logs" onRender={() => { renders++; }}><LogsView /></Profiler>, { engine: engineWithBacklog() });
    await shows('all services', 'backend backlog');
    const before = renders;
    for (let i = 0; i < 3_000; i++) engine.pushLogs(i % 2 ? 'auth' : 'backend', [`flood line ${i}`]);
    await shows('all services', 'flood line 2999');
    expect(renders - before).toBeLessThan(5);
  });
});
