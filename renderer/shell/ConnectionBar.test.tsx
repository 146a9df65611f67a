// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { ConnectionBar, ConnectionNotice } from './ConnectionBar.tsx';

describe('ConnectionBar', () => {
  it('follows the transport status, and says what reconnecting means', async () => {
    const { transport } = renderWithEngine(<><ConnectionBar /><ConnectionNotice /></>, { status: 'loading' });
    const bar = screen.getByRole('status', { name: 'Connection' });
    expect(bar.textContent).toBe('Loading');
    expect(screen.queryByText(/may be out of date/)).toBeNull();
    transport.setStatus('reconnecting');
    await waitFor(() => expect(bar.textContent).toBe('Reconnecting'));
    expect(bar.className).toContain('connection--reconnecting');
    expect(screen.getByText(/Live updates are paused: what you see may be out of date/)).toBeTruthy();
    transport.setStatus('active');
    await waitFor(() => expect(bar.textContent).toBe('Active'));
    expect(screen.queryByText(/may be out of date/)).toBeNull();
  });
});
