import { readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, eventually, node, startTestStack, stateOf, type TestStack } from '../testing/test-stack.ts';
import { WATCH_SETUP_DELAY_MS } from './engine.ts';

const stacks: TestStack[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
  for (const server of servers.splice(0)) server.close();
});

async function stack(...args: Parameters<typeof startTestStack>): Promise<TestStack> {
  const started = await startTestStack(...args);
  stacks.push(started);
  return started;
}

const fastRestart = { policy: 'on-failure', maxRestarts: 2, initialDelayMs: 100, factor: 2, maxDelayMs: 1_000, resetAfterSeconds: 30 };
const httpService = (extra: object = {}) => ({
  command: node('http-service.mjs'), envDir: 'svc', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 10 }, ...extra,
});

// The real auth and backend services, started by the engine from a stack file of their own.
const realStack = {
  services: {
    auth: { command: ['node', join(REPO_ROOT, 'services/auth/main.ts')], envDir: 'services/auth', schema: join(REPO_ROOT, 'services/auth/stackdeck.variables.json'), port: { variable: 'PORT' }, readiness: { http: '/health' }, exitWithStdin: true },
    backend: { command: ['node', join(REPO_ROOT, 'services/backend/main.ts')], envDir: 'services/backend', schema: join(REPO_ROOT, 'services/backend/stackdeck.variables.json'), agents: { loginFrom: 'auth' }, port: { variable: 'PORT' }, dependsOn: { auth: 'healthy' }, peers: { AUTH_SERVICE_URL: 'auth' }, readiness: { http: '/health' }, exitWithStdin: true },
  },
};

describe('engine with the real services', () => {
  it('starts auth before backend, each isolated: only its own variables reach it', async () => {
    const canary = 'canary-value-that-must-not-leak';
    const started = await stack(realStack, { 'services/backend/.env': 'LOG_LEVEL=debug\n' }, {
      parentEnv: { PATH: process.env.PATH ?? '', HOME: '/tmp', LANG: 'C.UTF-8', NODE_OPTIONS: '--max-old-space-size=64', ELECTRON_RUN_AS_NODE: '1', AWS_SECRET_ACCESS_KEY: canary, STACKDECK_CANARY: canary, LOG_LEVEL: 'warn' },
    });
    expect((await started.engine.command({ type: 'start' })).message).toBe('started auth, backend');
    const auth = started.engine.runners.get('auth');
    const backend = started.engine.runners.get('backend');
    expect([auth?.state, backend?.state]).toEqual(['ready', 'ready']);
    expect((backend?.startedAt?.getTime() ?? 0)).toBeGreaterThan(auth?.startedAt?.getTime() ?? Infinity);

    const environ = readFileSync(`/proc/${backend?.pid}/environ`, 'utf8').split('\0').filter(Boolean);
    const keys = environ.map((entry) => entry.slice(0, entry.indexOf('=')));
    expect(environ.join('\n')).not.toContain(canary);
    for (const leaked of ['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'AWS_SECRET_ACCESS_KEY', 'STACKDECK_CANARY']) expect(keys).not.toContain(leaked);
    const value = (key: string) => environ.find((entry) => entry.startsWith(`${key}=`))?.slice(key.length + 1);
    expect(value('AUTH_SERVICE_URL')).toBe(auth?.url);
    expect(value('PORT')).toBe(String(backend?.port));
    // LOG_LEVEL is declared, so the launcher's own value counts, and the OS environment beats the service's file.
    expect(value('LOG_LEVEL')).toBe('warn');
    expect(value('FORCE_COLOR')).toBe('1');
    expect(value('JWT_SECRET_KEY')?.length).toBeGreaterThanOrEqual(32);
    const discovery = JSON.parse(readFileSync(join(started.root, '.service_discovery', 'backend_config.json'), 'utf8')) as Record<string, unknown>;
    expect(discovery).toMatchObject({ service: 'backend', host: '127.0.0.1', port: backend?.port, url: backend?.url, pid: backend?.pid });

    const config = await started.engine.query({ type: 'config' });
    const backendPort = config.services.find((service) => service.name === 'backend')?.variables.find((variable) => variable.key === 'PORT');
    expect(backendPort?.source).toEqual({ kind: 'launcher' });
    expect(JSON.stringify(config)).not.toContain(value('JWT_SECRET_KEY'));

    await started.engine.command({ type: 'stop' });
    expect([auth?.state, backend?.state]).toEqual(['stopped', 'stopped']);
    expect(() => readFileSync(join(started.root, '.service_discovery', 'backend_config.json'))).toThrow();
  }, 60_000);

  it('marks a running service stale when its env file changes, with the keys, and fresh after a restart', async () => {
    const started = await stack(realStack, { 'services/auth/.env': 'ACCESS_TOKEN_TTL_SECONDS=900\n' });
    await started.engine.command({ type: 'start', service: 'auth' });
    writeFileSync(join(started.root, 'services/auth/.env'), 'ACCESS_TOKEN_TTL_SECONDS=60\n');
    const diff = await eventually(() => started.events.find((event) => event.type === 'configChanged' && event.diff.stale.length > 0), 'a config diff with stale services');
    expect(diff.type === 'configChanged' && diff.diff.stale).toEqual([{ service: 'auth', keys: ['ACCESS_TOKEN_TTL_SECONDS'] }]);
    expect(diff.type === 'configChanged' && diff.diff.changes.find((change) => change.key === 'ACCESS_TOKEN_TTL_SECONDS')).toMatchObject({
      service: 'auth', before: { value: '900' }, after: { value: '60', source: { kind: 'file', file: 'services/auth/.env', line: 1 } },
    });
    expect(started.engine.runners.get('auth')?.staleKeys).toEqual(['ACCESS_TOKEN_TTL_SECONDS']);
    await started.engine.command({ type: 'restart', service: 'auth' });
    expect(started.engine.runners.get('auth')?.staleKeys).toEqual([]);
    expect(stateOf(started, 'auth')).toBe('ready');
  }, 60_000);
});

describe('engine env-file watch', () => {
  it('is set up without a start too: an edit made before it is up is reported as the watch would have', async () => {
    const started = await stack({ services: { api: httpService() } }, { 'svc/.env': 'GREETING=hello\n' });
    // At once, before the watch is set up (it waits for a first start, or WATCH_SETUP_DELAY_MS).
    writeFileSync(join(started.root, 'svc/.env'), 'GREETING=bonjour\n');
    const diff = await eventually(() => started.events.find((event) => event.type === 'configChanged'), 'a config diff');
    expect(diff.type === 'configChanged' && diff.diff.changes.find((change) => change.key === 'GREETING')).toMatchObject({ service: 'api', before: { value: 'hello' }, after: { value: 'bonjour' } });
    // And it watches from then on.
    writeFileSync(join(started.root, 'svc/.env'), 'GREETING=hola\n');
    await eventually(() => started.events.some((event) => event.type === 'configChanged' && event.diff.changes.some((change) => change.after?.value === 'hola')), 'a second config diff');
  }, 30_000);

  it('waits for a start under way to settle: its set-up would slow the services booting then; the edit is reported after', async () => {
    const started = await stack({ services: { api: httpService() } }, { 'svc/.env': 'GREETING=hello\nREADY_DELAY_MS=2500\n' });
    const startedAt = performance.now();
    const start = started.engine.command({ type: 'start' });
    // Edited once the service runs with its values (an edit before would be read by its own start), while it boots.
    await eventually(() => started.engine.runners.get('api')?.pid, 'the service to run', 5_000);
    writeFileSync(join(started.root, 'svc/.env'), 'GREETING=bonjour\nREADY_DELAY_MS=2500\n');
    await start;
    // The start outlasted WATCH_SETUP_DELAY_MS, when the watch would otherwise have come up and reported the edit.
    expect(performance.now() - startedAt).toBeGreaterThan(WATCH_SETUP_DELAY_MS + 500);
    const greetingChange = () => started.events.flatMap((event) => (event.type === 'configChanged' ? event.diff.changes : [])).find((change) => change.key === 'GREETING');
    expect(greetingChange()).toBeUndefined();
    expect(await eventually(greetingChange, 'the edit reported once the start settled')).toMatchObject({ before: { value: 'hello' }, after: { value: 'bonjour' } });
  }, 30_000);
});

describe('engine supervision', () => {
  it('restarts a crashing service with back-off, records why it died, and gives up at maxRestarts', async () => {
    const started = await stack({ services: { worker: { command: node('crash.mjs'), envDir: 'worker', restart: fastRestart } } }, { 'worker/.env': 'API_TOKEN=super-secret-token-value\n' });
    await started.engine.command({ type: 'start' });
    await eventually(() => stateOf(started, 'worker') === 'crashed', 'the worker to give up', 20_000);
    const crashes = await started.engine.query({ type: 'crashRecords', service: 'worker' });
    expect(crashes).toHaveLength(3);
    expect(crashes.map((crash) => crash.exitCode)).toEqual([3, 3, 3]);
    expect(crashes[0]?.lastStderr).toEqual(['connecting to the database...', 'fatal: cannot reach database (secret was ***)']);
    expect(crashes.slice(0, 2).map((crash) => crash.restartAt !== null)).toEqual([true, true]);
    expect(crashes[2]?.restartAt).toBeNull();
    const gaps = crashes.slice(1).map((crash, index) => Date.parse(crash.at) - Date.parse(crashes[index]?.at ?? ''));
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    expect(started.engine.runners.get('worker')?.message).toMatch(/exited with code 3; not restarting: it was restarted 2 times \(maxRestarts 2\)/);
  }, 30_000);

  it('redacts the password of a URL a service prints (REDIS_URL is not secret, its password is), in logs and crash records', async () => {
    const leak = 'console.log("cache at " + process.env.REDIS_URL); console.error("db " + process.env.DB_URL); process.exit(3)';
    const started = await stack({ services: { worker: { command: ['node', '-e', leak], envDir: 'worker', restart: { ...fastRestart, policy: 'never' } } } }, {
      'worker/.env': 'REDIS_URL=redis://:cache-pa55word@127.0.0.1:1/0\nDB_URL=postgresql://app:db%40pa55word@127.0.0.1:1/app\n',
    });
    await started.engine.command({ type: 'start' });
    await eventually(() => stateOf(started, 'worker') === 'crashed', 'the worker to exit', 20_000);
    const logged = (await started.engine.query({ type: 'logBacklog', service: 'worker', limit: 100 })).lines.map((line) => line.text);
    expect(logged).toEqual(expect.arrayContaining(['cache at redis://:***@127.0.0.1:1/0', 'db postgresql://app:***@127.0.0.1:1/app']));
    const [crash] = await started.engine.query({ type: 'crashRecords', service: 'worker' });
    expect(JSON.stringify(crash)).not.toMatch(/pa55word/);
  }, 30_000);

  it('does not start a service whose dependency failed, and says why', async () => {
    const started = await stack({ services: {
      db: { command: node('crash.mjs'), envDir: 'db', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 10 }, restart: { ...fastRestart, policy: 'never' } },
      api: httpService({ dependsOn: { db: 'healthy' } }),
    } });
    const result = await started.engine.command({ type: 'start' });
    expect(result.message).toMatch(/not started: api \(db is crashed/);
    expect(started.engine.runners.get('api')).toMatchObject({ state: 'stopped', message: expect.stringContaining('not started: db is crashed') });
  }, 30_000);

  it('waits for readiness before starting dependents, and passes peer URLs', async () => {
    const started = await stack({ services: {
      slow: httpService({ }),
      web: httpService({ dependsOn: { slow: 'healthy' }, peers: { PEER_URL: 'slow' } }),
    } }, { 'slow/.env': 'READY_DELAY_MS=600\n' });
    await started.engine.command({ type: 'start' });
    const slow = started.engine.runners.get('slow');
    const web = started.engine.runners.get('web');
    expect([slow?.state, web?.state]).toEqual(['ready', 'ready']);
    const response = await (await fetch(`${web?.url}/health`)).json() as { peer: string };
    expect(response.peer).toBe(slow?.url);
    const states = started.events.filter((event) => event.type === 'serviceState' && event.status.name === 'slow').map((event) => event.type === 'serviceState' && event.status.state);
    expect(states).toContain('starting');
    expect(states.indexOf('ready')).toBeGreaterThan(states.indexOf('starting'));
  }, 30_000);

  it('starts nothing more once closing, even when the close comes in the middle of a start', async () => {
    const started = await startTestStack({ services: {
      slow: httpService({ envDir: 'slow' }),
      after: httpService({ envDir: 'after' }),
    } }, { 'slow/.env': 'READY_DELAY_MS=1500\n' });
    const slow = started.engine.runners.get('slow');
    const after = started.engine.runners.get('after');
    const starting = started.engine.command({ type: 'start' });
    await eventually(() => slow?.pid, 'slow to be spawned (and waiting for its readiness)', 10_000);
    await started.close();
    await starting;
    // Nothing was started after the close, and nothing the stack started still runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([slow?.running, after?.running]).toEqual([false, false]);
    expect(after?.pid).toBeNull();
    const insideRoot = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(started.root);
      } catch {
        return false;
      }
    });
    expect(insideRoot).toEqual([]);
  }, 30_000);

  it('refuses a pinned port that is taken, naming who holds it, or moves to another port with a warning', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const holder = createServer().listen(port, '127.0.0.1');
    servers.push(holder);
    await new Promise((resolve) => holder.once('listening', resolve));
    const started = await stack({ services: {
      pinned: httpService({ port: { variable: 'PORT', preferred: port, ifTaken: 'fail' } }),
      flexible: httpService({ port: { variable: 'PORT', preferred: port, ifTaken: 'another' } }),
    } });
    await started.engine.command({ type: 'start' });
    expect(started.engine.runners.get('pinned')).toMatchObject({ state: 'crashed', message: expect.stringContaining(`pinned to port ${port} is taken by pid ${process.pid}`) });
    const flexible = started.engine.runners.get('flexible');
    expect(flexible?.state).toBe('ready');
    expect(flexible?.port).not.toBe(port);
    const backlog = await started.engine.query({ type: 'logBacklog', service: 'flexible' });
    expect(backlog.lines.map((line) => line.text).join('\n')).toContain(`port ${port} is taken`);
  }, 30_000);

  it('stays bounded while a service floods its stdout, and another service keeps logging', async () => {
    const started = await stack({ services: {
      flood: { command: node('flood.mjs'), envDir: 'flood' },
      calm: httpService(),
    } });
    await started.engine.command({ type: 'start' });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    clearInterval(sampler);
    const calm = started.engine.runners.get('calm');
    expect((await fetch(`${calm?.url}/health`)).status).toBe(200);
    const flood = await started.engine.query({ type: 'logBacklog', service: 'flood', limit: 10 });
    expect(flood.lines).toHaveLength(10);
    expect(flood.skipped).toBeGreaterThan(1_000);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    // flood has no port and no probe: it runs, and is never called ready.
    expect((await started.engine.query({ type: 'stackState' })).services.map((service) => service.state)).toEqual(['running', 'ready']);
  }, 30_000);

  it('answers bad commands with clear errors and keeps running', async () => {
    const started = await stack({ services: { calm: httpService() } });
    await expect(started.engine.command({ type: 'start', service: 'nope' })).rejects.toThrow("no service 'nope' in this stack (services: calm)");
    await expect(started.engine.command({ type: 'revealValue', service: 'calm', key: 'NOPE' })).rejects.toThrow('calm has no variable NOPE');
    await expect(started.engine.command({ type: 'startAgentRun', agent_name: 'a', scenario: 'normal', count: 1 })).rejects.toThrow('agent monitor is off');
    expect((await started.engine.command({ type: 'start' })).message).toBe('started calm');
  }, 30_000);
});

