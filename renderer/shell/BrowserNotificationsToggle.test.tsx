// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { crashEvent, deathEvent } from '../../shared/notifications/testing/alert-events.ts';
import type { BrowserNotificationHost } from '../notifications/browser-notifications.ts';
import { renderWithEngine } from '../testing/render-with-engine.tsx';
import { BrowserNotificationsToggle } from './BrowserNotificationsToggle.tsx';

// A page's Notification API as a browser has it, recording what would be shown and how often permission was asked.
function fakeHost(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  const shown: { title: string; body?: string; tag?: string }[] = [];
  const stored = new Map<string, string>();
  let asked = 0;
  let focused = 0;
  let current = permission;
  class FakeNotification {
    static get permission() {
      return current;
    }
    static async requestPermission() {
      asked++;
      current = answer;
      return answer;
    }
    onclick: (() => unknown) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body, tag: options?.tag });
    }
  }
  const host = {
    Notification: FakeNotification,
    localStorage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => { stored.set(key, value); } },
    focus: () => { focused++; },
  } as unknown as BrowserNotificationHost;
  return { host, shown, asked: () => asked, focused: () => focused };
}

describe('BrowserNotificationsToggle (browser mode)', () => {
  it('asks for permission once, from the click, then shows one grouped notification per burst', async () => {
    const fake = fakeHost('default');
    const { user, engine } = renderWithEngine(<BrowserNotificationsToggle host={fake.host} />);
    const toggle = screen.getByRole('button', { name: 'Turn on notifications' });
    engine.emit(deathEvent('before-permission', 'r0'));
    expect(fake.asked()).toBe(0);
    await user.click(toggle);
    await screen.findByRole('button', { name: 'Notifications on', pressed: true });
    expect(fake.asked()).toBe(1);

    engine.emit(deathEvent('indexer', 'r1'));
    engine.emit(deathEvent('crawler', 'r2'));
    engine.emit(crashEvent('backend', new Date().toISOString()));
    await waitFor(() => expect(fake.shown).toHaveLength(1), { timeout: 3_000 });
    expect(fake.shown[0]).toMatchObject({ title: 'Stackdeck: 2 agents died, backend crashed', tag: expect.stringMatching(/^stackdeck-/) });

    // Off: nothing more is shown, and turning it on again never asks again.
    await user.click(screen.getByRole('button', { name: 'Notifications on' }));
    await screen.findByRole('button', { name: 'Notifications off', pressed: false });
    engine.emit(deathEvent('parser', 'r3'));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(fake.shown).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Notifications off' }));
    await screen.findByRole('button', { name: 'Notifications on' });
    expect(fake.asked()).toBe(1);
  });

  it('stays off when the user says no, and says the browser blocks it', async () => {
    const fake = fakeHost('default', 'denied');
    const { user } = renderWithEngine(<BrowserNotificationsToggle host={fake.host} />);
    await user.click(screen.getByRole('button', { name: 'Turn on notifications' }));
    const blocked = await screen.findByRole('button', { name: 'Notifications blocked' });
    expect((blocked as HTMLButtonElement).disabled).toBe(true);
    expect(blocked.getAttribute('title')).toContain('site settings');
  });

  it('is on at once where permission was granted before, and shows nothing where the browser has no notifications', () => {
    const granted = fakeHost('granted');
    const { unmount } = renderWithEngine(<BrowserNotificationsToggle host={granted.host} />);
    expect(screen.getByRole('button', { name: 'Notifications on', pressed: true })).toBeTruthy();
    unmount();
    renderWithEngine(<BrowserNotificationsToggle host={{}} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
