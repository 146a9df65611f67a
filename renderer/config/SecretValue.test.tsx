// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { VariableReport } from '../../shared/config/report.ts';
import { ErrorAlerts } from '../shell/ErrorAlerts.tsx';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { SecretValue } from './SecretValue.tsx';

const url: VariableReport = { key: 'DATABASE_URL', value: 'postgresql://app:***@db/app', secret: false, declared: true, source: { kind: 'file', file: '.env', line: 1 }, shadowed: [], valid: true };

describe('SecretValue', () => {
  it('reveals a password inside a URL through the engine, and hides it again', async () => {
    const engine = createScenarioEngine();
    engine.setSecret('backend', 'DATABASE_URL', 'postgresql://app:hunter2@db/app');
    const { user } = renderWithEngine(<SecretValue service="backend" variable={url} />, { engine });
    expect(screen.getByText('postgresql://app:***@db/app')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Reveal DATABASE_URL' }));
    expect(await screen.findByText('postgresql://app:hunter2@db/app')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide DATABASE_URL' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Hide DATABASE_URL' }));
    expect(screen.getByText('postgresql://app:***@db/app')).toBeTruthy();
  });

  it('shows why a reveal failed and stays masked', async () => {
    const { user } = renderWithEngine(<><ErrorAlerts /><SecretValue service="backend" variable={url} /></>);
    await user.click(screen.getByRole('button', { name: 'Reveal DATABASE_URL' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Reveal DATABASE_URL of backend failed: backend has no value for DATABASE_URL');
    expect(screen.getByText('postgresql://app:***@db/app')).toBeTruthy();
  });

  it('says "not set" and offers nothing to reveal for a missing value', () => {
    renderWithEngine(<SecretValue service="backend" variable={{ ...url, value: null }} />);
    expect(screen.getByText('not set')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
