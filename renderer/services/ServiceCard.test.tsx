// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoCrashRecord } from '../testing/fixtures.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { ServicesView } from './ServicesView.tsx';

describe('ServiceCard', () => {
  it('explains a crash: exit code, last stderr lines, config findings and a countdown to the next restart', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    await screen.findByRole('article', { name: 'backend' });
    const crash = demoCrashRecord('backend', 3_000);
    engine.setCrashRecords('backend', [demoCrashRecord('backend', null, Date.now() - 60_000), crash]);
    await engine.setService('backend', { state: 'crashed', restarts: 2, lastCrash: crash, message: 'crashed during start-up' });
    const why = await screen.findByRole('region', { name: 'Why backend crashed' });
    expect(why.textContent).toContain('Exited with code 1');
    expect(why.textContent).toContain('Error: invalid configuration for backend (1 error)');
    expect(why.textContent).toContain('invalid-value');
    expect(why.textContent).toContain('MAX_CONCURRENT_AGENTS must be an integer between 1 and 1000');
    const countdown = within(why).getByText(/Next restart in/);
    const first = countdown.textContent;
    expect(first).toMatch(/Next restart in [2-4]s/);
    await waitFor(() => expect(countdown.textContent).not.toBe(first), { timeout: 2_500 });
    expect(await within(why).findByText('Earlier crashes (1)')).toBeTruthy();
  });

  it('says so when the restart policy has given up, and names a signal when there was one', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    await screen.findByRole('article', { name: 'auth' });
    await engine.setService('auth', { state: 'crashed', lastCrash: { ...demoCrashRecord('auth', null), exitCode: null, signal: 'SIGKILL' } });
    const why = await screen.findByRole('region', { name: 'Why auth crashed' });
    expect(why.textContent).toContain('Killed by SIGKILL');
    expect(why.textContent).toContain('the restart policy has given up');
  });

  it('shows "running with stale values" with the keys, and its restart button restarts the service', async () => {
    const { engine, user } = renderWithEngine(<ServicesView />);
    await screen.findByRole('article', { name: 'auth' });
    await engine.command({ type: 'start', service: 'auth' });
    await engine.setService('auth', { staleKeys: ['LOG_LEVEL', 'JWT_SECRET_KEY'] });
    const banner = await screen.findByRole('region', { name: 'auth runs with stale values' });
    expect(banner.textContent).toContain('Running with stale values: restart');
    expect(banner.textContent).toContain('LOG_LEVEL, JWT_SECRET_KEY');
    await user.click(within(banner).getByRole('button', { name: 'Restart auth to apply changes' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'auth runs with stale values' })).toBeNull());
    expect(engine.commands.at(-1)).toEqual({ type: 'restart', service: 'auth' });
  });

  it('shows the command line of the last start as the engine gives it (masked there), and nothing before a start', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    await screen.findByRole('article', { name: 'auth' });
    expect(screen.queryByLabelText('Command line of auth')).toBeNull();
    await engine.setService('auth', { state: 'ready', commandLine: "uvicorn app:app --port 8123 '--token=***'" });
    const line = await screen.findByLabelText('Command line of auth');
    expect(line.textContent).toBe("$ uvicorn app:app --port 8123 '--token=***'");
  });
});

describe('ServiceCard: readiness and ports', () => {
  it('shows a service without a probe as "running (no readiness probe)", never "ready"', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    const card = await screen.findByRole('article', { name: 'auth' });
    await engine.setService('auth', { state: 'running', pid: 4242, probe: null, message: 'no readiness probe: it runs, and that is all Stackdeck can tell' });
    await waitFor(() => expect(within(card).getByText('running (no readiness probe)')).toBeTruthy());
    expect(within(card).queryByText('ready')).toBeNull();
  });

  it('shows the ports it listens on, and a warning naming both ports and the fix when none is its own', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    const card = await screen.findByRole('article', { name: 'backend' });
    const portWarning = 'it listens on port 8000, not on its allocated port 9200 (given in PORT): pass ${PORT} in its command, or have it read PORT';
    await engine.setService('backend', { state: 'unhealthy', pid: 4243, port: 9200, url: 'http://127.0.0.1:9200', listening: { ports: [8000] }, portWarning });
    const warning = await within(card).findByRole('region', { name: 'backend listens elsewhere than its port' });
    expect(warning.textContent).toContain('port 8000, not on its allocated port 9200');
    expect(warning.textContent).toContain('pass ${PORT} in its command');
    expect(within(card).getByText('8000')).toBeTruthy();
  });

  it('says n/a (with the reason) where the OS cannot tell the listening ports', async () => {
    const { engine } = renderWithEngine(<ServicesView />);
    const card = await screen.findByRole('article', { name: 'auth' });
    await engine.setService('auth', { state: 'ready', pid: 4244, listening: { unavailable: 'unavailable on win32 (no process tree reader for this OS)' } });
    const na = await within(card).findByText('n/a');
    expect(na.getAttribute('title')).toBe('Listening ports: unavailable on win32 (no process tree reader for this OS)');
  });
});
