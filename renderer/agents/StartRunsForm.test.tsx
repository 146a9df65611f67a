// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { runCount, StartRunsForm } from './StartRunsForm.tsx';

describe('StartRunsForm', () => {
  it('sends startAgentRun with the agent, scenario and count', async () => {
    const { user, engine } = renderWithEngine(<StartRunsForm disabled={false} />);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Scenario' }), 'silent');
    await user.click(screen.getByRole('button', { name: 'Start runs' }));
    await waitFor(() => expect(engine.commands).toEqual([{ type: 'startAgentRun', agent_name: 'qa-agent', scenario: 'silent', count: 1 }]));
    expect(screen.getAllByRole('option').map((option) => option.getAttribute('value'))).toEqual(['normal', 'slow', 'hang', 'crash', 'silent', 'mute']);
  });

  it('will not start runs without an agent name', async () => {
    const { user } = renderWithEngine(<StartRunsForm disabled={false} />);
    await user.clear(screen.getByRole('textbox', { name: 'Agent name' }));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start runs' }).disabled).toBe(true);
  });

  it('brings any typed count into the 1 to 50 the contract accepts', () => {
    expect([runCount(''), runCount('0'), runCount('7'), runCount('2.6'), runCount('500'), runCount('x')]).toEqual([1, 1, 7, 3, 50, 1]);
  });
});
