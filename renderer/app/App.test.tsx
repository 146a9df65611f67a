// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../testing/render-with-engine.tsx';

const connection = () => screen.getByRole('status', { name: 'Connection' });
const panel = () => screen.getByRole('tabpanel');
const authState = async () => (await screen.findByRole('article', { name: 'auth' })).querySelector('.badge')?.textContent;

describe('App', () => {
  it('shows how live it is: Loading, then Active, Reconnecting after a drop', async () => {
    const { transport } = renderApp({ status: 'loading' });
    expect(connection().textContent).toContain('Loading');
    transport.setStatus('active');
    await waitFor(() => expect(connection().textContent).toContain('Active'));
    transport.setStatus('reconnecting');
    await waitFor(() => expect(connection().textContent).toContain('Reconnecting'));
  });

  it('switches views with the tabs, the arrow keys and Alt+1..4', async () => {
    const { user } = renderApp();
    expect(screen.getByRole('tab', { name: 'Services' }).getAttribute('aria-selected')).toBe('true');
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    expect(panel().getAttribute('aria-labelledby')).toBe('tab-logs');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Configuration' }).getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Alt>}4{/Alt}');
    expect(screen.getByRole('tab', { name: 'Agents' }).getAttribute('aria-selected')).toBe('true');
    expect(await within(panel()).findByRole('heading', { name: 'Agents' })).toBeTruthy();
    await user.keyboard('{Alt>}1{/Alt}');
    expect(await within(panel()).findByRole('heading', { name: 'Services' })).toBeTruthy();
  });

  it('Shift+S starts all and Shift+X stops all, but not while typing in a field', async () => {
    const { user, engine } = renderApp();
    await authState();
    await user.keyboard('{Shift>}S{/Shift}');
    await waitFor(async () => expect(await authState()).toBe('ready'));
    await user.keyboard('{Shift>}X{/Shift}');
    await waitFor(async () => expect(await authState()).toBe('stopped'));
    expect(engine.commands).toEqual([{ type: 'start' }, { type: 'stop' }]);
    await user.keyboard('{Alt>}4{/Alt}');
    await user.type(await screen.findByRole('textbox', { name: 'Agent name' }), 'SX');
    expect(engine.commands).toHaveLength(2);
  });

  it('lists the shortcuts in a help popover, opened with ? and closed with Escape', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(help.textContent).toContain('Shift+SStart all services');
    expect(help.textContent).toContain('Alt+3Show Configuration');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.keyboard('?');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
  });

  it('after a reconnect, queries the state again: changes made while disconnected appear', async () => {
    const { transport, engine } = renderApp();
    expect(await authState()).toBe('stopped');
    transport.setStatus('reconnecting');
    await engine.command({ type: 'start', service: 'auth' });
    expect(await authState()).toBe('stopped');
    transport.setStatus('active');
    await waitFor(async () => expect(await authState()).toBe('ready'));
  });

  it('shows an engineError event in a dismissible alert', async () => {
    const { user, engine } = renderApp();
    await authState();
    engine.emit({ type: 'engineError', message: 'the log directory is not writable' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the log directory is not writable');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss: the log directory is not writable' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what the engine answered to the last command', async () => {
    const { user } = renderApp();
    await authState();
    await user.click(screen.getByRole('button', { name: 'Start auth' }));
    await waitFor(() => expect(screen.getByLabelText('Last action').textContent).toContain('started auth'));
  });
});
