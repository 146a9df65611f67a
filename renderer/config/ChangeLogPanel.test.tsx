// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChangeLogEntry } from '../../shared/api/change-log.ts';
import { regressionEntry } from '../../shared/notifications/testing/alert-events.ts';
import { renderApp, renderWithEngine } from '../testing/render-with-engine.tsx';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { ConfigView } from './ConfigView.tsx';

// An entry as the memory engine takes it (it numbers entries and decides `seen` itself).
function edit(patch: Partial<ChangeLogEntry> = {}): Omit<ChangeLogEntry, 'id' | 'seen'> {
  const entry: Partial<ChangeLogEntry> = regressionEntry(1, patch);
  delete entry.id;
  delete entry.seen;
  return entry as Omit<ChangeLogEntry, 'id' | 'seen'>;
}

const fix = edit({
  at: '2026-12-06T03:10:00Z',
  changes: [{ service: 'auth', key: 'ACCESS_TOKEN_TTL_SECONDS', before: { value: 'ten', source: { kind: 'file', file: 'services/auth/.env', line: 2 } }, after: { value: '600', source: { kind: 'file', file: 'services/auth/.env', line: 2 } } }],
  findingsAdded: [],
  findingsCleared: [{ rule: 'invalid-value', severity: 'error', service: 'auth', key: 'ACCESS_TOKEN_TTL_SECONDS', message: 'ACCESS_TOKEN_TTL_SECONDS must be a whole number', suggestion: 'Fix the value', file: 'services/auth/.env', line: 2 }],
  scores: [{ service: 'auth', before: 80, after: 100 }],
  regression: false,
});

describe('the change log panel', () => {
  it('shows every edit newest first: time, file:line, key, masked before and after, findings added and cleared', async () => {
    const engine = createScenarioEngine();
    engine.logChange(edit({ at: '2026-12-06T03:00:00Z' }));
    const { user } = renderWithEngine(<ConfigView />, { engine });
    await user.click(await screen.findByRole('radio', { name: 'Change log' }));
    const log = await screen.findByRole('region', { name: 'Change log' });
    engine.logChange(fix);
    await waitFor(() => expect(within(log).getAllByRole('listitem', { name: /^Edit at / })).toHaveLength(2));
    const [newest, oldest] = within(log).getAllByRole('listitem', { name: /^Edit at / }) as [HTMLElement, HTMLElement];

    expect(within(newest).getByRole('table', { name: 'Values changed' }).textContent).toContain('ACCESS_TOKEN_TTL_SECONDStenservices/auth/.env:2600services/auth/.env:2');
    expect(within(newest).getByRole('group', { name: 'Findings cleared' }).textContent).toContain('invalid-value');
    expect(newest.textContent).toContain('auth health 80 → 100');
    expect(newest.textContent).toContain('cleared 1 finding');

    const secretRow = within(within(oldest).getByRole('table', { name: 'Values changed' })).getAllByRole('row')[1] as HTMLElement;
    expect(secretRow.textContent).toBe('authJWT_SECRET_KEYnot set***services/auth/.env:3');
    expect(within(oldest).getByRole('group', { name: 'Findings added' }).textContent).toContain('secret-too-short');
    expect(oldest.textContent).toContain('made it worse');
    expect(oldest.textContent).toContain('auth health 100 → 80');
    expect(log.textContent).toContain('2 edits this session; the last 500 are kept');
  });

  it('says so when nothing has changed yet', async () => {
    const { user } = renderWithEngine(<ConfigView />);
    await user.click(await screen.findByRole('radio', { name: 'Change log' }));
    expect((await screen.findByRole('region', { name: 'Change log' })).textContent).toContain('No env file has changed since Stackdeck started');
  });
});

describe('the notice of an edit that made the configuration worse', () => {
  it('stays until seen, opens the change log, and goes once the engine has it seen (for every window)', async () => {
    const engine = createScenarioEngine();
    const { user } = renderApp({ engine });
    await screen.findByRole('tab', { name: 'Services' });
    engine.logChange(fix);
    engine.logChange(edit());
    const notice = await screen.findByRole('alert', { name: 'Configuration got worse' });
    expect(notice.textContent).toContain('An env-file edit made the configuration worse');
    expect(notice.textContent).toContain('services/auth/.env (JWT_SECRET_KEY): 1 new error; auth health 100 → 80');
    expect(notice.textContent).not.toContain('ACCESS_TOKEN_TTL_SECONDS');

    await user.click(within(notice).getByRole('button', { name: 'Open the change log' }));
    expect(screen.getByRole('tab', { name: 'Configuration' }).getAttribute('aria-selected')).toBe('true');
    await screen.findByRole('region', { name: 'Change log' });
    expect((screen.getByRole('radio', { name: 'Change log' }) as HTMLInputElement).checked).toBe(true);
    // Still there: opening the log is not the same as saying "seen".
    expect(screen.getByRole('alert', { name: 'Configuration got worse' })).toBeTruthy();

    await user.click(within(notice).getByRole('button', { name: 'Seen' }));
    await waitFor(() => expect(screen.queryByRole('alert', { name: 'Configuration got worse' })).toBeNull());
    expect(engine.commands).toContainEqual({ type: 'markChangesSeen', upTo: 2 });
    expect((await engine.query({ type: 'changeLog' })).entries.map((entry) => entry.seen)).toEqual([true, true]);
    expect(screen.getByRole('region', { name: 'Change log' }).textContent).toContain('made it worse (seen)');
  });

  it('comes back after a reload while unseen (the engine keeps it), counting the edits', async () => {
    const engine = createScenarioEngine();
    engine.logChange(edit());
    engine.logChange(edit({ files: ['services/backend/.env'] }));
    renderApp({ engine });
    const notice = await screen.findByRole('alert', { name: 'Configuration got worse' });
    expect(notice.textContent).toContain('2 env-file edits made the configuration worse');
    expect(notice.textContent).toContain('services/backend/.env (JWT_SECRET_KEY)');
  });
});
