// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';

afterEach(cleanup);

function Harness() {
  const [open, setOpen] = useState(false);
  return <><p>outside</p><ShortcutsHelp open={open} onOpenChange={setOpen} /></>;
}

describe('ShortcutsHelp', () => {
  it('opens from its button, lists the shortcuts, and closes on Escape or a click outside', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const button = screen.getByRole('button', { name: 'Keyboard shortcuts' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await user.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const rows = screen.getAllByRole('row').map((row) => row.textContent);
    expect(rows).toContain('Shift+XStop all services');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(button);
    await user.click(screen.getByText('outside'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
