// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../shared/api/engine-contract.ts';
import { ErrorAlerts } from '../shell/ErrorAlerts.tsx';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { ServicesView } from './ServicesView.tsx';

const card = (name: string) => screen.findByRole('article', { name });
const button = (name: string) => screen.getByRole<HTMLButtonElement>('button', { name });
// The state badge of a card (the service message may say "stopped" too).
const state = (element: HTMLElement, text: string) => within(element).findByText(text, { selector: '.badge' });

describe('ServicesView', () => {
  it('shows one card per service with its state in words and what it waits for', async () => {
    renderWithEngine(<ServicesView />);
    const auth = await card('auth');
    const backend = await card('backend');
    expect(await state(auth, 'stopped')).toBeTruthy();
    expect(backend.textContent).toContain('waits for auth: healthy');
    expect(backend.textContent).toContain('(auth is stopped)');
    expect(button('Start auth').disabled).toBe(false);
    expect(button('Stop auth').disabled).toBe(true);
  });

  it('starts one service: the command reaches the engine and the card shows ready, pid and the port as a link', async () => {
    const { user, engine } = renderWithEngine(<ServicesView />);
    const auth = await card('auth');
    await user.click(button('Start auth'));
    await state(auth, 'ready');
    expect(engine.commands).toEqual([{ type: 'start', service: 'auth' }]);
    const link = within(auth).getByRole('link', { name: 'Open auth on port 4000' });
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:4000');
    expect(within(auth).getByText('1000')).toBeTruthy();
    expect(button('Start auth').disabled).toBe(true);
    expect((await card('backend')).textContent).toContain('(auth is ready)');
  });

  it('Start all, Restart all and Stop all reach the engine and every card follows', async () => {
    const { user, engine } = renderWithEngine(<ServicesView />);
    await card('auth');
    await user.click(button('Start all'));
    await state(await card('backend'), 'ready');
    await user.click(button('Restart all'));
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'auth' })).getByText('Restarts').nextSibling?.textContent).toBe('1'));
    await user.click(button('Stop all'));
    await state(await card('auth'), 'stopped');
    expect(engine.commands.map((command) => command.type)).toEqual(['start', 'restart', 'stop']);
  });

  it('shows CPU, memory and a ticking uptime for a running service', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    await card('auth');
    await engine.command({ type: 'start', service: 'auth' });
    await engine.setService('auth', { startedAt: new Date(Date.now() - 5_000).toISOString(), stats: { cpuPercent: 2.25, rssBytes: 84 * 1024 * 1024 } });
    const auth = await card('auth');
    await within(auth).findByText('84 MB');
    expect(within(auth).getByText('2.3%')).toBeTruthy();
    const uptime = within(auth).getByText('Uptime').nextSibling as HTMLElement;
    const first = uptime.textContent;
    // The shared clock ticks once a second, so the first reading may lag by up to a second.
    expect(first).toMatch(/^[4-6]s$/);
    await waitFor(() => expect(uptime.textContent).not.toBe(first), { timeout: 2_500 });
  });

  it('a command the engine refuses is shown in an alert, not swallowed', async () => {
    const { user, engine } = renderWithEngine(<><ErrorAlerts /><ServicesView /></>);
    await card('auth');
    engine.breakNextCall(new EngineError('conflict', 'auth is already running'));
    await user.click(button('Start auth'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Start auth failed: auth is already running');
    await user.click(within(alert).getByRole('button', { name: /^Dismiss/ }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
