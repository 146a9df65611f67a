// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { StackSummary } from './StackSummary.tsx';

describe('StackSummary', () => {
  it('counts ready services, and says apart those running without a probe (never counted as ready)', async () => {
    const { engine } = renderWithEngine(<StackSummary />);
    await screen.findByText('0/2 ready');
    await engine.setService('auth', { state: 'ready', pid: 76, probe: 'GET /health' });
    await waitFor(() => expect(screen.getByText(/ready/).textContent).toBe('1/2 ready'));
    await engine.setService('backend', { state: 'running', pid: 77, probe: null });
    await waitFor(() => expect(screen.getByText(/ready/).textContent).toBe('1/2 ready, 1 running (no probe)'));
  });
});
