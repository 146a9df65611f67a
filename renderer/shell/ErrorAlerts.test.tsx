// @vitest-environment happy-dom
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../shared/api/engine-contract.ts';
import { ServicesView } from '../services/ServicesView.tsx';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { createScenarioEngine } from '../testing/scenario-engine.ts';
import { ErrorAlerts } from './ErrorAlerts.tsx';

describe('ErrorAlerts', () => {
  it('shows each error until dismissed, counts repeats, and dismisses all at once', async () => {
    const { notices, user } = renderWithEngine(<ErrorAlerts />);
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => {
      notices.error('first failure');
      notices.error('second failure');
      notices.error('first failure');
    });
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map((alert) => alert.querySelector('p')?.textContent)).toEqual(['first failure (2 times)', 'second failure']);
    await user.click(within(alerts[1] as HTMLElement).getByRole('button', { name: 'Dismiss: second failure' }));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    act(() => notices.error('third failure'));
    await user.click(screen.getByRole('button', { name: 'Dismiss all' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports a query the engine could not answer, with a way to try again', async () => {
    const engine = createScenarioEngine();
    engine.breakNextCall(new EngineError('unavailable', 'the engine is still starting'));
    const { user } = renderWithEngine(<><ErrorAlerts /><ServicesView /></>, { engine });
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the services: the engine is still starting');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('article', { name: 'auth' })).toBeTruthy();
  });
});
