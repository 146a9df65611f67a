import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildChildEnvironment } from './child-env.ts';
import { resolvedValues } from './resolve.ts';
import { stackFixture } from './testing/stack-fixture.ts';

const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});

// Every wait on a child is bounded: a stuck child fails its test instead of hanging the run.
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// No child outlives its test, whatever the test did with it.
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await within(exited, 5_000, `stopping child ${child.pid}`);
}

// A real node process with exactly this environment, tracked for afterEach.
function startNode(code: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-e', code], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

// What a child actually sees: it prints its own process.env and exits.
async function environmentSeenByChild(env: Record<string, string>): Promise<Record<string, string>> {
  const child = startNode('process.stdout.write(JSON.stringify(process.env))', env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = await within(once(child, 'close'), 10_000, 'the env-printing child');
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Record<string, string>;
}

// A sleeping child's environment as the kernel holds it, read from /proc/<pid>/environ once it is running.
async function environmentInProc(env: Record<string, string>): Promise<Record<string, string>> {
  const child = startNode("process.stdout.write('ready\\n'); setInterval(() => {}, 1000)", env);
  child.stdout?.setEncoding('utf8');
  await within(new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: string) => chunk.includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the sleeping child exited early (${code})`)));
    child.once('error', reject);
  }), 10_000, 'the sleeping child to start');
  const raw = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
  return Object.fromEntries(raw.split('\0').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
}

const CANARY = `STACKDECK_CANARY_${randomUUID().replaceAll('-', '_').toUpperCase()}`;

// What must never reach a service: the launcher's runtime flags, cloud credentials, and an unknown canary.
const LEAKS: Record<string, string> = {
  NODE_OPTIONS: '--max-old-space-size=4096',
  ELECTRON_RUN_AS_NODE: '1',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-leak',
  AWS_ACCESS_KEY_ID: 'AKIALEAK',
  GOOGLE_APPLICATION_CREDENTIALS: '/secrets/gcp-leak.json',
  npm_config_registry: 'https://registry.invalid/',
  VITEST_POOL_ID: '1',
  [CANARY]: 'canary-leak',
};

// The system variables of a parent we control fully, so the child's whole environment can be written out.
const SYSTEM: Record<string, string> = {
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/dev',
  USER: 'dev',
  LOGNAME: 'dev',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'C.UTF-8',
  LC_TIME: 'en_GB.UTF-8',
  TZ: 'UTC',
  TMPDIR: '/tmp',
  TERM: 'xterm-256color',
  SHELL: '/bin/bash',
};

// The design's allowlist, written out here rather than taken from the code under test.
const DESIGN_ALLOWLIST = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'TERM', 'COLORTERM', 'SHELL',
  'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMDATA',
  'PROGRAMFILES', 'PROGRAMFILES(X86)', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE',
]);

// A service's real resolved values: files, defaults and generated fallbacks through the real resolver.
function authValues(): Record<string, string> {
  const context = stackFixture({ files: { 'auth/.env': 'PORT=8123\nLOG_LEVEL=debug\n' } });
  const auth = context.services.find((service) => service.service === 'auth');
  if (!auth) throw new Error('the fixture has no auth service');
  return resolvedValues(auth);
}

describe('buildChildEnvironment in a real child process', () => {
  it('gives the child exactly its resolved variables plus the allowlisted system ones', async () => {
    const resolved = authValues();
    expect(resolved).toMatchObject({ PORT: '8123', LOG_LEVEL: 'debug', ENVIRONMENT: 'development' });
    expect(resolved.JWT_SECRET_KEY?.length).toBeGreaterThanOrEqual(32);
    const seen = await environmentSeenByChild(buildChildEnvironment(resolved, { ...SYSTEM, ...LEAKS }));
    expect(seen).toEqual({ ...SYSTEM, ...resolved });
  });

  it.skipIf(process.platform !== 'linux')('puts nothing else in /proc/<pid>/environ of a running child', async () => {
    const resolved = authValues();
    const environ = await environmentInProc(buildChildEnvironment(resolved, { ...SYSTEM, ...LEAKS }));
    expect(environ).toEqual({ ...SYSTEM, ...resolved });
  });

  it('keeps the launcher\'s real environment out, but for allowlisted system variables', async () => {
    const parent = { ...process.env, ...LEAKS };
    const resolved = { PORT: '8124', SERVICE_ID: 'auth' };
    const seen = await environmentSeenByChild(buildChildEnvironment(resolved, parent));
    for (const key of Object.keys(LEAKS)) expect(seen).not.toHaveProperty(key);
    const extra = Object.keys(seen).filter((key) => !(key in resolved));
    expect(extra.filter((key) => !DESIGN_ALLOWLIST.has(key.toUpperCase()) && !key.toUpperCase().startsWith('LC_'))).toEqual([]);
    for (const key of extra) expect(seen[key]).toBe(parent[key]);
    if (parent.PATH !== undefined) expect(seen.PATH).toBe(parent.PATH);
    expect(JSON.stringify(seen)).not.toContain(CANARY);
  });

  it.skipIf(process.platform !== 'linux')('leaves no leaked variable in /proc/<pid>/environ with the launcher\'s real environment', async () => {
    const environ = await environmentInProc(buildChildEnvironment({ PORT: '8125' }, { ...process.env, ...LEAKS }));
    for (const key of Object.keys(LEAKS)) expect(environ).not.toHaveProperty(key);
    expect(environ.PORT).toBe('8125');
  });

  it('lets resolved values win over parent values of the same name, system ones included', async () => {
    const resolved = { PORT: '8126', TZ: 'Europe/Berlin', LANG: 'de_DE.UTF-8', NODE_OPTIONS: '--no-warnings' };
    const seen = await environmentSeenByChild(buildChildEnvironment(resolved, { ...SYSTEM, ...LEAKS, PORT: '1' }));
    expect(seen).toEqual({ ...SYSTEM, ...resolved });
  });

  it('passes any LC_* variable but nothing merely named like one', async () => {
    const seen = await environmentSeenByChild(buildChildEnvironment({}, { PATH: SYSTEM.PATH as string, LC_MESSAGES: 'C', LC_CTYPE: 'C.UTF-8', XLC_TOKEN: 'x', PATH_SECRET: 'x' }));
    expect(seen).toEqual({ PATH: SYSTEM.PATH, LC_MESSAGES: 'C', LC_CTYPE: 'C.UTF-8' });
  });
});
