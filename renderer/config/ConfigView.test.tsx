// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEMO_SECRETS, demoStackReport } from '../testing/fixtures.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { ConfigView } from './ConfigView.tsx';

function demoEngine() {
  const engine = createScenarioEngine();
  engine.setConfig(demoStackReport());
  for (const [path, value] of Object.entries(DEMO_SECRETS)) {
    const [service = '', key = ''] = path.split('/');
    engine.setSecret(service, key, value);
  }
  return engine;
}

// The row of a variable in the visible table.
async function row(key: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', { name: new RegExp(`^${key}( |$)`) });
  const element = cell.closest('tr');
  if (!element) throw new Error(`no row for ${key}`);
  return element;
}

describe('ConfigView', () => {
  it('lists every variable with its masked value, the source that set it and its status', async () => {
    renderWithEngine(<ConfigView />, { engine: demoEngine() });
    await screen.findByRole('table', { name: 'Variables of auth' });
    expect((await row('PORT')).textContent).toContain('launcher');
    const secret = await row('SERVICE_SECRET');
    expect(secret.textContent).toContain('***');
    expect(secret.textContent).toContain('services/auth/.env.local:2');
    expect(secret.textContent).toContain('warning');
    expect(secret.textContent).toContain('secret-too-short');
    expect((await row('JWT_SECRET_KEY')).textContent).toContain('cross-service-mismatch');
    expect((await row('JWT_SECRT_KEY')).textContent).toContain('undeclared');
    expect(screen.getByRole('meter', { name: 'Health score of auth' }).getAttribute('aria-valuenow')).toBe('82');
    expect(screen.getByRole('meter', { name: 'Health score of the stack' }).getAttribute('aria-valuenow')).toBe('61');
    const findings = screen.getByRole('region', { name: 'Findings of auth' });
    expect(findings.textContent).toContain('did you mean JWT_SECRET_KEY?');
    expect(findings.textContent).toContain('services/auth/.env:12');
    expect(document.body.textContent).not.toContain(DEMO_SECRETS['auth/JWT_SECRET_KEY']);
  });

  it('reveals a secret only on an explicit click (revealValue), and masks it again on a second click', async () => {
    const { user, engine } = renderWithEngine(<ConfigView />, { engine: demoEngine() });
    const jwt = await row('JWT_SECRET_KEY');
    await user.click(within(jwt).getByRole('button', { name: 'Reveal JWT_SECRET_KEY' }));
    await within(jwt).findByText(DEMO_SECRETS['auth/JWT_SECRET_KEY'] ?? '');
    expect(engine.commands).toEqual([{ type: 'revealValue', service: 'auth', key: 'JWT_SECRET_KEY' }]);
    await user.click(within(jwt).getByRole('button', { name: 'Hide JWT_SECRET_KEY' }));
    expect(within(jwt).queryByText(DEMO_SECRETS['auth/JWT_SECRET_KEY'] ?? '')).toBeNull();
    expect(within(jwt).getByText('***')).toBeTruthy();
  });

  it('expands a row into the shadowed chain, in precedence order, saying why the winner won', async () => {
    const { user } = renderWithEngine(<ConfigView />, { engine: demoEngine() });
    const level = await row('LOG_LEVEL');
    await user.click(within(level).getByRole('button', { name: 'Show sources of LOG_LEVEL' }));
    const chain = screen.getByRole('list', { name: 'Sources of LOG_LEVEL, highest precedence first' });
    const entries = within(chain).getAllByRole('listitem').map((item) => item.textContent ?? '');
    expect(entries[0]).toMatch(/OS env.*debug.*wins/);
    expect(entries[1]).toContain('services/auth/.env:10');
    expect(entries[1]).toContain('the OS environment beats an env file');
    expect(entries[2]).toContain('the OS environment beats the schema default');
  });

  it('filters the table: only problems, by source kind, by text', async () => {
    const { user } = renderWithEngine(<ConfigView />, { engine: demoEngine() });
    await user.click(await screen.findByRole('radio', { name: 'backend' }));
    const table = await screen.findByRole('table', { name: 'Variables of backend' });
    const keys = () => within(table).queryAllByRole('rowheader').map((cell) => cell.querySelector('code')?.textContent);
    await user.click(screen.getByRole('checkbox', { name: 'Only problems' }));
    expect(keys()).toEqual(['JWT_SECRET_KEY', 'DATABASE_URL', 'GOOGLE_CLIENT_ID', 'MAX_CONCURRENT_AGENTS']);
    await user.click(screen.getByRole('checkbox', { name: 'Only problems' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Source' }), 'fallback');
    expect(keys()).toEqual(['SECRET_KEY']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Source' }), 'all');
    await user.type(screen.getByRole('searchbox', { name: 'Filter variables' }), 'auth_service');
    expect(keys()).toEqual(['AUTH_SERVICE_URL']);
    await user.type(screen.getByRole('searchbox', { name: 'Filter variables' }), 'nothing like it');
    expect(screen.getByText('No variable matches these filters.')).toBeTruthy();
  });

  it('shows keys across services side by side, a mismatch flagged by the engine first, without revealing values', async () => {
    const { user } = renderWithEngine(<ConfigView />, { engine: demoEngine() });
    await user.click(await screen.findByRole('radio', { name: 'Across services' }));
    const table = screen.getByRole('table', { name: 'Keys shared by several services' });
    const [first] = within(table).getAllByRole('row').slice(1);
    expect(first?.textContent).toMatch(/^JWT_SECRET_KEY\*\*\*.*\*\*\*.*mismatch$/);
    expect(table.textContent).not.toContain(DEMO_SECRETS['auth/JWT_SECRET_KEY']);
    await user.click(screen.getByRole('checkbox', { name: 'Only mismatches' }));
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('region', { name: 'Cross-service findings' }).textContent).toContain('tokens signed by auth will be rejected by backend');
  });

  it('switches the profile through the engine', async () => {
    const { user, engine } = renderWithEngine(<ConfigView />, { engine: demoEngine() });
    const profile = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Profile' });
    expect(profile.value).toBe('development');
    await user.selectOptions(profile, 'staging');
    expect(engine.commands).toEqual([{ type: 'setProfile', profile: 'staging' }]);
    await waitFor(() => expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Profile' }).value).toBe('staging'));
  });

  it('sets an override that wins the chain, and clears it', async () => {
    const { user, engine } = renderWithEngine(<ConfigView />, { engine: demoEngine() });
    await user.click(within(await row('LOG_LEVEL')).getByRole('button', { name: 'Override LOG_LEVEL' }));
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Override key' }).value).toBe('LOG_LEVEL');
    await user.type(screen.getByRole('textbox', { name: 'Override value' }), 'trace');
    await user.click(screen.getByRole('button', { name: 'Set override' }));
    await waitFor(async () => expect((await row('LOG_LEVEL')).textContent).toMatch(/trace.*override/));
    await user.click(within(await row('LOG_LEVEL')).getByRole('button', { name: 'Clear override of LOG_LEVEL' }));
    await waitFor(async () => expect((await row('LOG_LEVEL')).textContent).toMatch(/debug.*OS env/));
    expect(engine.commands).toEqual([
      { type: 'setOverride', service: 'auth', key: 'LOG_LEVEL', value: 'trace' },
      { type: 'clearOverride', service: 'auth', key: 'LOG_LEVEL' },
    ]);
  });

  it('live: a configChanged event highlights the changed rows and shows the stale banner with a restart button', async () => {
    const engine = demoEngine();
    await engine.command({ type: 'start', service: 'auth' });
    const { user } = renderWithEngine(<ConfigView />, { engine });
    await row('POSTGRES_DB');
    engine.emit({
      type: 'configChanged',
      diff: {
        at: new Date().toISOString(), files: ['services/auth/.env'],
        changes: [{ service: 'auth', key: 'POSTGRES_DB', before: { value: 'auth', source: null }, after: { value: 'auth_dev', source: null } }],
        stale: [{ service: 'auth', keys: ['POSTGRES_DB'] }],
      },
    });
    await waitFor(async () => expect((await row('POSTGRES_DB')).textContent).toContain('changed'));
    expect((await row('PORT')).textContent).not.toContain('changed');
    const banner = await screen.findByRole('region', { name: 'auth runs with stale values' });
    expect(banner.textContent).toContain('POSTGRES_DB');
    await user.click(within(banner).getByRole('button', { name: 'Restart auth to apply changes' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'auth runs with stale values' })).toBeNull());
  });
});
