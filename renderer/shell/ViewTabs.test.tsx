// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewTabs } from './ViewTabs.tsx';
import type { ViewId } from './views.ts';

afterEach(cleanup);

function Harness() {
  const [view, setView] = useState<ViewId>('services');
  return <ViewTabs view={view} onChange={setView} />;
}

describe('ViewTabs', () => {
  it('is a tab list: one selected tab in the tab order, arrows and Home/End move between tabs', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const tabs = screen.getAllByRole('tab');
    expect(screen.getByRole('tablist', { name: 'Views' })).toBeTruthy();
    expect(tabs.map((tab) => tab.textContent)).toEqual(['Services', 'Logs', 'Configuration', 'Agents']);
    expect(tabs.map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1]);
    await user.click(screen.getByRole('tab', { name: 'Logs' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement?.textContent).toBe('Configuration');
    expect(screen.getByRole('tab', { name: 'Configuration' }).getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{End}');
    expect(document.activeElement?.textContent).toBe('Agents');
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement?.textContent).toBe('Services');
    expect(screen.getByRole('tab', { name: 'Services' }).getAttribute('aria-controls')).toBe('panel-services');
  });
});
