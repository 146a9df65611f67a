// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { StackSummary } from './StackSummary.tsx';

describe('StackSummary', () => {
  it('counts ready services, and says apart those running without a probe (never counted as ready)', async () => {
    const { engine } = renderWithEngine(<StackSummary />);
    await engine.command({ type: 'start', service: 'auth' });
    await waitFor(() => expect(screen.getByText(/ready/).textContent).toMatch(/^1\/\d+ ready$/));
    await engine.setService('backend', { state: 'running', pid: 77, probe: null });
    await waitFor(() => expect(screen.getByText(/ready/).textContent).toMatch(/^1\/\d+ ready, 1 running \(no probe\)$/));
  });
});
