import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceState } from '../../../shared/api/service-status.ts';
import { waitForDependencies, waitForState, type Waitable } from './wait-for-dependencies.ts';

// A service whose state the test sets by hand; listeners are called as a runner calls them.
type FakeService = Waitable & { state: ServiceState; pid: number | null; message: string | null; set: (state: ServiceState, pid?: number | null) => void; listeners: () => number };

function fakeService(name: string, state: ServiceState = 'starting'): FakeService {
  const listeners = new Set<() => void>();
  const service: FakeService = {
    name, state, pid: null as number | null, message: null as string | null,
    onStateChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: ServiceState, pid: number | null = service.pid) {
      service.state = next;
      service.pid = pid;
      for (const listener of [...listeners]) listener();
    },
    listeners: () => listeners.size,
  };
  return service;
}

// Timers are fake: a wait that polled would never see a change; these waits end on the change itself.
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('waitForDependencies', () => {
  it("ends on the change that meets the condition: 'started' on a pid, 'healthy' on ready", async () => {
    const db = fakeService('db');
    const cache = fakeService('cache');
    const wait = waitForDependencies([{ service: db, condition: 'healthy' }, { service: cache, condition: 'started' }], new AbortController().signal);
    let outcome: unknown;
    void wait.then((value) => { outcome = value; });
    cache.set('starting', 101);
    db.set('starting', 100);
    await Promise.resolve();
    expect(outcome).toBeUndefined();
    db.set('ready');
    expect(await wait).toEqual({ outcome: 'met' });
    expect([db.listeners(), cache.listeners()]).toEqual([0, 0]);
  });

  it("takes 'running' (no probe) as healthy enough", async () => {
    const worker = fakeService('worker');
    const wait = waitForDependencies([{ service: worker, condition: 'healthy' }], new AbortController().signal);
    worker.set('running', 7);
    expect(await wait).toEqual({ outcome: 'met' });
  });

  it('fails on the first dependency that crashed, naming it, and lets go of the others', async () => {
    const db = fakeService('db');
    const cache = fakeService('cache');
    const wait = waitForDependencies([{ service: db, condition: 'healthy' }, { service: cache, condition: 'healthy' }], new AbortController().signal);
    cache.message = 'exited with code 3';
    cache.set('crashed');
    expect(await wait).toEqual({ outcome: 'failed', problem: 'cache is crashed (exited with code 3)' });
    expect(db.listeners()).toBe(0);
  });

  it("fails on 'unhealthy' only when 'healthy' is needed", async () => {
    const db = fakeService('db');
    const needsStarted = waitForDependencies([{ service: db, condition: 'started' }], new AbortController().signal);
    const needsHealthy = waitForDependencies([{ service: db, condition: 'healthy' }], new AbortController().signal);
    db.set('unhealthy', 55);
    expect(await needsStarted).toEqual({ outcome: 'met' });
    expect(await needsHealthy).toEqual({ outcome: 'failed', problem: 'db is unhealthy' });
  });

  it('is cancelled when its signal aborts (the waiting service was stopped), and lets go of its listeners', async () => {
    const db = fakeService('db');
    const stop = new AbortController();
    const wait = waitForDependencies([{ service: db, condition: 'healthy' }], stop.signal);
    stop.abort(new Error('api was stopped'));
    expect(await wait).toEqual({ outcome: 'cancelled' });
    expect(db.listeners()).toBe(0);
    db.set('ready');
  });

  it('is met at once with nothing to wait for, and cancelled at once with an aborted signal', async () => {
    expect(await waitForDependencies([], new AbortController().signal)).toEqual({ outcome: 'met' });
    expect(await waitForDependencies([{ service: fakeService('db'), condition: 'healthy' }], AbortSignal.abort())).toEqual({ outcome: 'cancelled' });
  });
});

describe('waitForState', () => {
  it('answers from the current state without waiting', async () => {
    expect(await waitForState(fakeService('db', 'ready'), () => 'now', new AbortController().signal)).toBe('now');
  });
});
