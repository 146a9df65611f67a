import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceStatus } from '../../../shared/api/service-status.ts';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { eventually, node } from '../../engine/testing/test-stack.ts';
import { spawnUp } from '../testing/spawn-up.ts';
import { describeStatus } from './up.ts';

const tempDir = tempDirsForEachTest();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const STACK = {
  services: {
    api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health' }, exitWithStdin: true },
    web: { command: node('http-service.mjs'), envDir: 'web', port: { variable: 'PORT' }, dependsOn: { api: 'healthy' }, peers: { PEER_URL: 'api' }, readiness: { http: '/health' } },
  },
};

function up(root: string) {
  const launcher = spawnUp(root);
  children.push(launcher.child);
  return launcher;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe('stackdeck up', () => {
  it('prints JSON events: readiness lines with service, pid, port, url, then one ready event; SIGINT stops all', async () => {
    const root = tempDir({ 'stackdeck.json': JSON.stringify(STACK) });
    const launcher = up(root);
    const ready = await eventually(() => launcher.events.find((event) => event.event === 'ready'), 'the ready event');
    const readiness = launcher.events.filter((event) => event.event === 'service_ready');
    expect(readiness.map((event) => event.service)).toEqual(['api', 'web']);
    for (const event of readiness) expect(event).toMatchObject({ pid: expect.any(Number), port: expect.any(Number), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(ready.services).toHaveLength(2);
    expect(readdirSync(join(root, '.service_discovery')).sort()).toEqual(['api_config.json', 'web_config.json']);
    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    expect(launcher.events.at(-1)).toMatchObject({ event: 'stopped' });
    for (const event of readiness) expect(alive(event.pid as number)).toBe(false);
    expect(readdirSync(join(root, '.service_discovery'))).toEqual([]);
  }, 30_000);

  it('leaves no service running when the launcher is killed with SIGKILL, and the next start cleans up after it', async () => {
    const root = tempDir({ 'stackdeck.json': JSON.stringify(STACK) });
    const first = up(root);
    await eventually(() => first.events.find((event) => event.event === 'ready'), 'the first launcher to be ready');
    const pids = first.events.filter((event) => event.event === 'service_ready').map((event) => event.pid as number);
    first.child.kill('SIGKILL');
    await first.exited;
    await eventually(() => pids.every((pid) => !alive(pid)), 'every service to be gone after the launcher died', 10_000);
    expect(readdirSync(join(root, '.service_discovery')).sort()).toEqual(['api_config.json', 'web_config.json']);

    const second = up(root);
    await eventually(() => second.events.find((event) => event.event === 'ready'), 'the second launcher to be ready');
    const notes = second.events.filter((event) => event.event === 'log' && event.service === 'stackdeck').map((event) => event.text);
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/removed the stale discovery file of api/), expect.stringMatching(/removed the stale discovery file of web/)]));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 40_000);
});

// The real interpreter behind any shim (pyenv's needs its own HOME), so the launcher's clean environment can run it.
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

describe('stackdeck up: readiness and ports', () => {
  it('says "running" (not ready) for a service without a probe, and names both ports for one that ignores PORT', async () => {
    const root = tempDir({ 'stackdeck.json': JSON.stringify({ services: {
      py: { command: [PYTHON, '-m', 'http.server', '0', '--bind', '127.0.0.1'], envDir: 'py', port: { variable: 'PORT' } },
      worker: { command: ['sleep', '30'], envDir: 'worker' },
    } }) });
    const launcher = up(root);
    const unhealthy = await eventually(() => launcher.events.find((event) => event.event === 'service_state' && event.service === 'py' && event.state === 'unhealthy'), 'py to be found listening elsewhere');
    expect(unhealthy.message).toMatch(/^not ready: it listens on port \d+, not on its allocated port \d+ \(given in PORT\): pass \$\{PORT\} in its command, or have it read PORT$/);
    expect(launcher.events.find((event) => event.event === 'service_running')).toMatchObject({ service: 'worker', state: 'running', probe: null, pid: expect.any(Number) });
    expect(launcher.events.some((event) => event.event === 'service_ready')).toBe(false);
    expect(launcher.events.some((event) => event.event === 'log' && event.service === 'py' && String(event.text).startsWith('warning: it listens on port'))).toBe(true);
    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toBe(0);
  }, 30_000);
});

describe('describeStatus', () => {
  const base: ServiceStatus = {
    name: 'api', state: 'ready', pid: 42, port: 9200, url: 'http://127.0.0.1:9200', startedAt: null, restarts: 0, dependsOn: [], stats: null,
    staleKeys: [], lastCrash: null, message: null, probe: 'GET /health', listening: { ports: [9200] }, portWarning: null,
  };

  it('reads as one line: where it is ready, how that was told, what it listens on', () => {
    expect(describeStatus(base)).toBe('ready at http://127.0.0.1:9200 (pid 42, GET /health, listening on 9200)');
    expect(describeStatus({ ...base, listening: null })).toBe('ready at http://127.0.0.1:9200 (pid 42, GET /health)');
    expect(describeStatus({ ...base, listening: { unavailable: 'unavailable on win32 (no process tree reader for this OS)' } })).toBe('ready at http://127.0.0.1:9200 (pid 42, GET /health, listening ports unavailable on win32 (no process tree reader for this OS))');
  });

  it('never says ready for a service without a probe', () => {
    expect(describeStatus({ ...base, state: 'running', port: null, url: null, probe: null, listening: { ports: [] } })).toBe('running (no readiness probe) (pid 42, listening on nothing yet)');
    expect(describeStatus({ ...base, state: 'crashed', message: 'could not start x: no such program (ENOENT)' })).toBe('crashed: could not start x: no such program (ENOENT)');
  });
});
