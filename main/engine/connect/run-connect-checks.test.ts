import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDatabaseUrl } from '../../../shared/config/database-url.ts';
import { MASK } from '../../../shared/config/mask.ts';
import { retryDelays } from '../../../shared/config/connect/connect-policy.ts';
import { probeFor } from './probe-for.ts';
import type { Probe } from './probe.ts';
import { redactorFor, runConnectChecks } from './run-connect-checks.ts';
import { closedPort, everythingSaid, planOf, silentServer } from './testing/connect-fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function hangingServer() {
  const server = await silentServer();
  cleanups.push(server.close);
  return server;
}

// Until a condition holds, bounded.
async function eventually(condition: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await delay(20);
  expect(condition()).toBe(true);
}

describe('runConnectChecks', () => {
  it('retries a refused connection on the back-off schedule: retries + 1 attempts, waiting at least the scheduled delays', async () => {
    const port = await closedPort();
    const policy = { timeoutMs: 200, retries: 2 };
    expect(retryDelays(policy, () => 0)).toEqual([20, 40]);
    const [result] = await runConnectChecks(planOf({ kind: 'tcp', address: `tcp://127.0.0.1:${port}` }), { policy, random: () => 0 });
    expect(result).toMatchObject({ status: 'failed', attempts: 3, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
    expect(result?.elapsedMs).toBeGreaterThanOrEqual(60);
  });

  it('stops at once when aborted (Ctrl+C): the hanging driver is closed and the target says it was stopped', async () => {
    const server = await hangingServer();
    const controller = new AbortController();
    const running = runConnectChecks(planOf({ kind: 'postgres', address: `postgresql://u:pw-abort-1@127.0.0.1:${server.port}/d` }), { policy: { timeoutMs: 60_000, retries: 5 }, signal: controller.signal });
    await eventually(() => server.accepted() === 1);
    controller.abort();
    const started = performance.now();
    const [result] = await running;
    // Not even the first back-off wait (6 s at this attempt limit) is waited.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ status: 'aborted', attempts: 1, error: 'stopped before an answer came' });
    await eventually(() => server.open() === 0);
  });

  it('stops a Redis client that is still connecting as promptly', async () => {
    const server = await hangingServer();
    const controller = new AbortController();
    const running = runConnectChecks(planOf({ kind: 'redis', address: `redis://:pw-abort-2@127.0.0.1:${server.port}` }), { policy: { timeoutMs: 60_000, retries: 5 }, signal: controller.signal });
    await eventually(() => server.accepted() === 1);
    controller.abort();
    const started = performance.now();
    const [result] = await running;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ status: 'aborted', attempts: 1 });
    await eventually(() => server.open() === 0);
  });

  it('bounds the whole run: what has not finished by the deadline fails, saying so', async () => {
    const server = await hangingServer();
    const [result] = await runConnectChecks(planOf({ kind: 'postgres', address: `postgresql://u@127.0.0.1:${server.port}/d` }), { policy: { timeoutMs: 10_000, retries: 0 }, deadlineMs: 300 });
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: "not finished within the run's limit of 0.3 s; last error: stopped before an answer came" });
    expect(result?.elapsedMs).toBeLessThan(2_000);
  });

  it('tries targets in parallel, never more at once than the bound', async () => {
    const server = await hangingServer();
    const targets = Array.from({ length: 5 }, (_, index) => ({ kind: 'postgres' as const, address: `postgresql://u@127.0.0.1:${server.port}/db${index}` }));
    const started = performance.now();
    // The real probes, counted as they run (the server sees a closed socket a moment after the client has moved on).
    let running = 0;
    let most = 0;
    const counted = (target: Parameters<typeof probeFor>[0]): Probe => async (address, options) => {
      most = Math.max(most, ++running);
      try {
        return await probeFor(target)(address, options);
      } finally {
        running--;
      }
    };
    const results = await runConnectChecks(planOf(...targets), { policy: { timeoutMs: 300, retries: 0 }, concurrency: 2, probeFor: counted });
    expect(results.map((result) => result.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(server.accepted()).toBe(5);
    expect(most).toBe(2);
    // Three rounds of 300 ms, not five.
    expect(performance.now() - started).toBeLessThan(5 * 300);
  });

  it('tries an address several services use once, reporting it for each', async () => {
    const server = await hangingServer();
    const address = `tcp://127.0.0.1:${server.port}`;
    const results = await runConnectChecks(planOf({ kind: 'tcp', address, service: 'one' }, { kind: 'tcp', address, service: 'two' }), { policy: { timeoutMs: 1_000, retries: 0 } });
    expect(results.map((result) => [result.service, result.status, result.detail])).toEqual([['one', 'ok', 'TCP connection accepted'], ['two', 'ok', 'TCP connection accepted']]);
    expect(server.accepted()).toBe(1);
  });

  it('masks every secret of the target in what a driver says, however short, and a URL password it quotes', async () => {
    const plan = planOf({ kind: 'tcp', address: 'tcp://db:1', secrets: ['pw1'] });
    const [result] = await runConnectChecks(plan, {
      policy: { timeoutMs: 1_000, retries: 0 },
      probeFor: () => () => Promise.reject(new Error('login with pw1 refused for postgresql://u:other-secret@db/x')),
    });
    expect(result?.error).toBe('login with *** refused for postgresql://u:***@db/x');
    expect(everythingSaid([result])).not.toMatch(/pw1|other-secret/);
  });

  it('lists settings with nothing to try: skipped, or failed where the profile requires them', async () => {
    const results = await runConnectChecks({ targets: [], skipped: [
      { service: 'svc', keys: ['A_URL'], reason: 'not set', required: false },
      { service: 'svc', keys: ['B_URL'], reason: 'not set, and staging requires it', required: true },
    ] }, { policy: { timeoutMs: 100, retries: 0 } });
    expect(results.map((result) => [result.keys[0], result.status, result.attempts, result.error])).toEqual([
      ['A_URL', 'skipped', 0, 'not set'],
      ['B_URL', 'failed', 0, 'not set, and staging requires it'],
    ]);
  });
});

describe('redactorFor', () => {
  it('leaves no password in any text, whatever the password and wherever the text quotes it (as written or URL-encoded)', () => {
    // A password holding the mask's own character could be re-formed by a mask beside it ('b**' from 'b' + '***').
    const password = fc.string({ minLength: 1, maxLength: 24 }).filter((value) => !value.includes(MASK[0] ?? '*'));
    fc.assert(fc.property(password, fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (secret, before, after) => {
      const address = buildDatabaseUrl({ host: 'db', port: 5432, user: 'u', password: secret, database: 'd' }, 'pg');
      const plan = planOf({ kind: 'postgres', address });
      const secrets = [...(plan.targets[0]?.secrets ?? []), secret];
      const clean = redactorFor(secrets);
      for (const text of [`${before}${secret}${after}`, `${before}${address}${after}`, `${before}${encodeURIComponent(secret)}${after}`]) {
        expect(clean(text)).not.toContain(secret);
      }
      expect(clean(address)).not.toContain(encodeURIComponent(secret));
    }));
  });
});
