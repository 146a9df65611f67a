import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceStatus } from '../../../shared/api/service-status.ts';
import { node, startTestStack, stateOf, type TestStack } from '../testing/test-stack.ts';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function stack(...args: Parameters<typeof startTestStack>): Promise<TestStack> {
  const started = await startTestStack(...args);
  stacks.push(started);
  return started;
}

const statusOf = async (started: TestStack, service: string): Promise<ServiceStatus | undefined> =>
  (await started.engine.query({ type: 'stackState' })).services.find((status) => status.name === service);
const systemLines = async (started: TestStack, service: string) =>
  (await started.engine.query({ type: 'logBacklog', service, limit: 200 })).lines.filter((line) => line.stream === 'system').map((line) => line.text);
const fastRestart = { policy: 'on-failure', maxRestarts: 5, initialDelayMs: 100, factor: 2, maxDelayMs: 1_000, resetAfterSeconds: 30 };

describe('readiness that never lies', () => {
  it('a service that ignores PORT (python3 -m http.server 0) is never "ready": both ports and the fix are named', async () => {
    const started = await stack({ services: {
      py: { command: ['python3', '-m', 'http.server', '0', '--bind', '127.0.0.1'], envDir: 'py', port: { variable: 'PORT' } },
    } }, {}, { parentEnv: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PYENV_ROOT: process.env.PYENV_ROOT ?? '' } });
    const startedAt = Date.now();
    await started.engine.command({ type: 'start' });
    const status = await statusOf(started, 'py');
    // The default TCP probe on its port never passes; the port reading ends the wait long before the 30 s timeout.
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(status?.state).toBe('unhealthy');
    expect(status?.probe).toBe(`TCP connect to port ${status?.port}`);
    const listening = status?.listening;
    expect(listening && 'ports' in listening ? listening.ports : []).toHaveLength(1);
    const elsewhere = listening && 'ports' in listening ? listening.ports[0] : undefined;
    expect(elsewhere).not.toBe(status?.port);
    expect(status?.portWarning).toBe(`it listens on port ${elsewhere}, not on its allocated port ${status?.port} (given in PORT): pass \${PORT} in its command, or have it read PORT`);
    expect(status?.message).toBe(`not ready: ${status?.portWarning}`);
    expect(await systemLines(started, 'py')).toContain(`warning: ${status?.portWarning}`);
    // The same fact is a finding beside the configuration's, where the dashboard and the API list them.
    const findings = (await started.engine.query({ type: 'config' })).services.find((service) => service.name === 'py')?.findings ?? [];
    expect(findings.filter((finding) => finding.rule === 'port-mismatch')).toEqual([{
      rule: 'port-mismatch', severity: 'warning', service: 'py', key: 'PORT',
      message: `it listens on port ${elsewhere}, not on its allocated port ${status?.port} (given in PORT)`,
      suggestion: 'pass ${PORT} in its command, or have it read PORT',
    }]);
  }, 30_000);

  it('a Node service that honours PORT is ready by the default TCP probe and listens on its own port, said in the ready status itself', async () => {
    const started = await stack({ services: { api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' } } } });
    // The first status that says ready is the one `up --json` prints as service_ready: its listening ports are read, not stale.
    let firstReady: ServiceStatus | undefined;
    started.engine.subscribe((event) => {
      if (event.type === 'serviceState' && event.status.state === 'ready') firstReady ??= event.status;
    });
    await started.engine.command({ type: 'start' });
    const status = await statusOf(started, 'api');
    expect(status).toMatchObject({ state: 'ready', probe: `TCP connect to port ${status?.port}`, portWarning: null });
    expect(firstReady?.listening).toEqual({ ports: [status?.port] });
    await vi.waitFor(async () => expect((await statusOf(started, 'api'))?.listening).toEqual({ ports: [status?.port] }), { timeout: 5_000 });
  }, 30_000);

  it('a service with neither port nor probe is "running (no readiness probe)", never "ready"', async () => {
    const started = await stack({ services: { worker: { command: ['sleep', '30'], envDir: 'worker' } } });
    await started.engine.command({ type: 'start' });
    expect(await statusOf(started, 'worker')).toMatchObject({ state: 'running', probe: null, message: expect.stringContaining('no readiness probe') });
    expect(started.events.some((event) => event.type === 'serviceState' && event.status.name === 'worker' && event.status.state === 'ready')).toBe(false);
  }, 30_000);
});

describe('fail fast when the command cannot run', () => {
  it('a program that does not exist: one message naming it, the PATH searched and the folder; no restart loop', async () => {
    const started = await stack({ services: { ghost: { command: ['no-such-program-stackdeck', '--serve'], envDir: 'ghost', restart: fastRestart } } }, {}, { parentEnv: { PATH: '/usr/bin:/bin' } });
    const startedAt = Date.now();
    await started.engine.command({ type: 'start' });
    await vi.waitFor(() => expect(stateOf(started, 'ghost')).toBe('crashed'), { timeout: 5_000 });
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    const message = started.engine.runners.get('ghost')?.message;
    expect(message).toBe(`could not start no-such-program-stackdeck: no such program (ENOENT); PATH searched: /usr/bin:/bin; working directory ${started.root}/.`);
    const crashes = await started.engine.query({ type: 'crashRecords', service: 'ghost' });
    expect(crashes).toHaveLength(1);
    expect(crashes[0]?.restartAt).toBeNull();
    expect(started.engine.runners.get('ghost')?.restarts).toBe(0);
    expect((await systemLines(started, 'ghost')).filter((line) => line.includes('could not start'))).toHaveLength(1);
  }, 30_000);

  it('a file that is not executable: permission denied, no restart', async () => {
    const started = await stack({ services: { script: { command: ['./serve.sh'], envDir: 'script', restart: fastRestart } } }, { 'serve.sh': '#!/bin/sh\nsleep 30\n' });
    chmodSync(join(started.root, 'serve.sh'), 0o644);
    await started.engine.command({ type: 'start' });
    await vi.waitFor(() => expect(stateOf(started, 'script')).toBe('crashed'), { timeout: 5_000 });
    expect(started.engine.runners.get('script')?.message).toBe(`could not start ./serve.sh: permission denied (EACCES: not executable, or a folder); a path, so PATH was not searched; working directory ${started.root}/.`);
    expect(await started.engine.query({ type: 'crashRecords', service: 'script' })).toHaveLength(1);
  }, 30_000);

  it('exit 127 from a shell within a second of start is "could not start", not a crash to retry', async () => {
    const started = await stack({ services: { wrapped: { command: ['sh', '-c', 'no-such-program-stackdeck'], envDir: 'wrapped', restart: fastRestart } } });
    await started.engine.command({ type: 'start' });
    await vi.waitFor(() => expect(stateOf(started, 'wrapped')).toBe('crashed'), { timeout: 5_000 });
    expect(started.engine.runners.get('wrapped')?.message).toMatch(/^exited with code 127 within \d+ ms of starting: a program it runs was not found$/);
    const crashes = await started.engine.query({ type: 'crashRecords', service: 'wrapped' });
    expect(crashes.map((crash) => [crash.exitCode, crash.restartAt])).toEqual([[127, null]]);
    expect(crashes[0]?.lastStderr.join('\n')).toContain('no-such-program-stackdeck');
  }, 30_000);
});

describe('dependency waits', () => {
  const neverReady = { command: node('http-service.mjs'), envDir: 'db', port: { variable: 'PORT' }, readiness: { log: 'this line never comes', timeoutSeconds: 60 } };

  it('stopping a service while it waits for its dependencies cancels the wait: it stays stopped', async () => {
    const started = await stack({ services: {
      db: neverReady,
      api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' }, dependsOn: { db: 'healthy' } },
    } });
    const starting = started.engine.command({ type: 'start' });
    await vi.waitFor(() => expect(started.engine.runners.get('api')?.message).toBe('waiting for db to be ready'), { timeout: 5_000 });
    await started.engine.command({ type: 'stop', service: 'api' });
    expect(stateOf(started, 'api')).toBe('stopped');
    // The dependency is then stopped too; the start request ends, and api never started.
    await started.engine.command({ type: 'stop', service: 'db' });
    expect((await starting).message).toContain('stopped while waiting: api');
    expect(stateOf(started, 'api')).toBe('stopped');
    expect(started.events.some((event) => event.type === 'serviceState' && event.status.name === 'api' && event.status.pid !== null)).toBe(false);
  }, 30_000);

  it('a stop while the launch is still before its spawn (allocating, resolving) ends it there: nothing runs', async () => {
    const started = await stack({ services: { api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' } } } });
    const runner = started.engine.runners.get('api');
    const starting = runner?.start();
    await runner?.stop();
    await starting;
    expect([runner?.state, runner?.pid, runner?.port]).toEqual(['stopped', null, null]);
    expect(started.events.some((event) => event.type === 'serviceState' && event.status.name === 'api' && event.status.pid !== null)).toBe(false);
  }, 30_000);

  it('a start right after such a stop joins the launch under way: one process, not two', async () => {
    const started = await stack({ services: { api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' } } } });
    const runner = started.engine.runners.get('api');
    const first = runner?.start();
    const stopping = runner?.stop();
    const second = runner?.start();
    await Promise.all([first, stopping, second]);
    expect(runner?.state).toBe('ready');
    const pids = new Set(started.events.flatMap((event) => (event.type === 'serviceState' && event.status.name === 'api' && event.status.pid !== null ? [event.status.pid] : [])));
    expect(pids.size).toBe(1);
  }, 30_000);

  it('starts independent services in parallel: the second is running before the first is ready', async () => {
    const slow = (dir: string) => ({ command: node('http-service.mjs'), envDir: dir, port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 20 } });
    const started = await stack({ services: { first: slow('first'), second: slow('second') } }, { 'first/.env': 'READY_DELAY_MS=1500\n', 'second/.env': 'READY_DELAY_MS=1500\n' });
    await started.engine.command({ type: 'start' });
    const moments = (name: string, state: string) => started.events.findIndex((event) => event.type === 'serviceState' && event.status.name === name && event.status.state === state);
    const running = (name: string) => started.events.findIndex((event) => event.type === 'serviceState' && event.status.name === name && event.status.pid !== null);
    expect(running('second')).toBeGreaterThanOrEqual(0);
    expect(running('second')).toBeLessThan(moments('first', 'ready'));
    expect(running('first')).toBeLessThan(moments('second', 'ready'));
  }, 30_000);
});
