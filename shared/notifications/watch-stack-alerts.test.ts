import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../api/engine-contract.ts';
import type { StackNotification } from './compose-notification.ts';
import { crashEvent, deathEvent, regressionEntry } from './testing/alert-events.ts';
import { watchStackAlerts } from './watch-stack-alerts.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-06T03:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

// An event stream as a transport or the session offers it.
function stream() {
  const listeners = new Set<(event: EngineEvent) => void>();
  return {
    subscribe: (listener: (event: EngineEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send: (event: EngineEvent) => listeners.forEach((listener) => listener(event)),
    size: () => listeners.size,
  };
}

describe('watchStackAlerts: engine events to grouped notifications', () => {
  it('reads deaths, new crashes and unseen regressions once each, and ignores the rest', () => {
    const events = stream();
    const shown: StackNotification[] = [];
    const stop = watchStackAlerts(events.subscribe, { deliver: (notification) => shown.push(notification) });
    const now = new Date().toISOString();
    events.send(deathEvent('indexer', 'r1'));
    events.send(deathEvent('crawler', 'r2'));
    events.send(deathEvent('parser', 'r3'));
    events.send(crashEvent('backend', now));
    // The same crash again (a later status update carries it) and a crash from before the page opened.
    events.send(crashEvent('backend', now));
    events.send(crashEvent('auth', '2026-12-06T02:00:00Z'));
    events.send({ type: 'changeLogEntry', entry: regressionEntry(1) });
    events.send({ type: 'changeLogEntry', entry: regressionEntry(1, { seen: true }) });
    events.send({ type: 'changeLogEntry', entry: regressionEntry(2, { regression: false, seen: true }) });
    events.send({ type: 'engineError', message: 'unrelated' });
    vi.advanceTimersByTime(1_000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('3 agents died, backend crashed, an env edit made the configuration worse');
    expect(shown[0]?.body).toContain('services/auth/.env (JWT_SECRET_KEY): 1 new error; auth health 100 → 80');
    stop();
    expect(events.size()).toBe(0);
  });

  it('hears the same change-log ids again after another stack opens', () => {
    const events = stream();
    const shown: StackNotification[] = [];
    watchStackAlerts(events.subscribe, { deliver: (notification) => shown.push(notification), windowMs: 0, settleMs: 0 });
    events.send({ type: 'changeLogEntry', entry: regressionEntry(1) });
    vi.advanceTimersByTime(0);
    events.send({ type: 'stackOpened', root: '/srv/other' });
    events.send({ type: 'changeLogEntry', entry: regressionEntry(1) });
    vi.advanceTimersByTime(0);
    expect(shown).toHaveLength(2);
  });
});
