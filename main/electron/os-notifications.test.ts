import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import { crashEvent, deathEvent, regressionEntry } from '../../shared/notifications/testing/alert-events.ts';
import { notifyFromSession, type DesktopNotificationClass } from './os-notifications.ts';

// Electron's Notification cannot run here (no Electron binary in unit runs): a fake with the same surface records what
// the app would show. The real class is passed in by main.ts only.
function fakeNotificationClass(supported = true) {
  const shown: { title: string; body: string; click: () => void }[] = [];
  class FakeNotification {
    static isSupported = () => supported;
    readonly #options: { title: string; body: string };
    #click: () => void = () => {};
    constructor(options: { title: string; body: string }) {
      this.#options = options;
    }
    on(_event: 'click', listener: () => void) {
      this.#click = listener;
      return this;
    }
    show() {
      shown.push({ ...this.#options, click: () => this.#click() });
    }
  }
  return { Notification: FakeNotification satisfies DesktopNotificationClass, shown };
}

function fakeSession() {
  const listeners = new Set<(event: EngineEvent) => void>();
  return {
    subscribe: (listener: (event: EngineEvent) => void) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    send: (event: EngineEvent) => listeners.forEach((listener) => listener(event)),
    size: () => listeners.size,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-06T03:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('notifyFromSession (Electron desktop notifications, with a fake Notification class)', () => {
  it('shows one desktop notification for a burst of deaths and a crash, secrets masked, and focuses the window on click', () => {
    const { Notification, shown } = fakeNotificationClass();
    const session = fakeSession();
    let focused = 0;
    const stop = notifyFromSession(session, Notification, () => { focused++; });
    session.send(deathEvent('indexer', 'r1'));
    session.send(deathEvent('crawler', 'r2'));
    session.send(deathEvent('parser', 'r3'));
    session.send(crashEvent('backend', new Date().toISOString(), 'cannot reach redis://:p4ssw0rd-secret@cache:6379'));
    vi.advanceTimersByTime(1_000);
    expect(shown.map(({ title }) => title)).toEqual(['Stackdeck: 3 agents died, backend crashed']);
    expect(shown[0]?.body).toContain('backend: cannot reach redis://:***@cache:6379');
    expect(JSON.stringify(shown)).not.toContain('p4ssw0rd');
    shown[0]?.click();
    expect(focused).toBe(1);

    // A regression 3 s later waits for the 10 s window, then comes alone.
    vi.advanceTimersByTime(3_000);
    session.send({ type: 'changeLogEntry', entry: regressionEntry(1) });
    vi.advanceTimersByTime(6_999);
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(shown.map(({ title }) => title)).toEqual(['Stackdeck: 3 agents died, backend crashed', 'Stackdeck: An env edit made the configuration worse']);
    stop();
    expect(session.size()).toBe(0);
  });

  it('shows nothing where the desktop has no notifications', () => {
    const { Notification, shown } = fakeNotificationClass(false);
    const session = fakeSession();
    notifyFromSession(session, Notification, () => {});
    session.send(deathEvent('indexer', 'r1'));
    vi.advanceTimersByTime(20_000);
    expect(shown).toEqual([]);
  });
});
