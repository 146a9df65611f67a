import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { REPO_ROOT, eventually } from '../testing/test-stack.ts';
import { resolveNodeBinary } from './resolve-command.ts';
import { SpawnError, spawnServiceProcess, type ServiceProcess, type SpawnServiceOptions } from './spawn-service-process.ts';

// The keeper is TypeScript: it needs the project's own Node (24, type stripping), as the engine uses.
const NODE = resolveNodeBinary(REPO_ROOT);
const MODULE_URL = pathToFileURL(join(REPO_ROOT, 'main/engine/process/spawn-service-process.ts')).href;
// Every process a test starts carries this in its environment, so cleanup ends exactly those (pids are reused).
const MARK_VARIABLE = 'STACKDECK_SPAWN_TEST_MARK';
const MARK = `spawn-test-${process.pid}`;

const tempDir = tempDirsForEachTest();
const services: ServiceProcess[] = [];
const launchers: ChildProcess[] = [];
afterEach(async () => {
  for (const launcher of launchers.splice(0)) launcher.kill('SIGKILL');
  await Promise.all(services.splice(0).map((service) => service.stop(100)));
  for (const pid of ourProcesses()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

function ourProcesses(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${MARK_VARIABLE}=${MARK}`);
    } catch {
      return false;
    }
  });
}

// Gone, or a zombie waiting for a parent to reap it: either way it runs no more.
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

const baseEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', [MARK_VARIABLE]: MARK });

function start(options: Partial<SpawnServiceOptions> & { args: string[] }): ServiceProcess {
  const service = spawnServiceProcess({ nodeBinary: NODE, command: process.execPath, cwd: tempDir(), env: baseEnv(), graceMs: 1_000, ...options });
  services.push(service);
  return service;
}

function collect(stream: NodeJS.ReadableStream): { text: () => string } {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => { text += chunk; });
  return { text: () => text };
}

// A Node service, from source: ignoring SIGTERM if asked, with a grandchild (a shell that ignores SIGTERM, exec'd into
// sleep) in its process group; it prints the grandchild's pid as a JSON line.
const serviceWithGrandchild = (ignoreTerm: boolean) => `
${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''}
const grandchild = require('node:child_process').spawn('sh', ['-c', 'trap "" TERM; exec sleep 60'], { stdio: 'ignore' });
console.log(JSON.stringify({ grandchild: grandchild.pid }));
setInterval(() => {}, 1000);
`;

async function grandchildOf(stdout: { text: () => string }): Promise<number> {
  const line = await eventually(() => stdout.text().split('\n').find((candidate) => candidate.includes('"grandchild"')), 'the grandchild pid line', 10_000);
  const pid = (JSON.parse(line) as { grandchild: number }).grandchild;
  // Once it is sleep, the shell has set SIGTERM to ignored, and sleep keeps it so.
  await eventually(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep'), `the grandchild (pid ${pid}) to be sleep`, 10_000);
  return pid;
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms); });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

describe('spawnServiceProcess: output, environment, exit', () => {
  it("passes the service's stdout and stderr through, and its exit", async () => {
    const service = start({ args: ['-e', "console.log('to stdout'); console.error('to stderr'); process.exitCode = 0"] });
    const stdout = collect(service.stdout);
    const stderr = collect(service.stderr);
    expect(await service.spawned).toEqual(expect.any(Number));
    expect(await bounded(service.exited, 10_000, 'the service to exit')).toEqual({ code: 0, signal: null });
    await eventually(() => stdout.text() === 'to stdout\n' && stderr.text() === 'to stderr\n', 'both streams', 5_000);
  });

  it('gives the service its stdin', async () => {
    const service = start({ args: ['-e', "process.stdin.on('data', (chunk) => process.stdout.write('echo ' + chunk)); process.stdin.on('end', () => process.exit(0))"] });
    const stdout = collect(service.stdout);
    await service.spawned;
    service.stdin.write('hello\n');
    await eventually(() => stdout.text() === 'echo hello\n', 'the echo', 10_000);
    service.stdin.end();
    expect(await bounded(service.exited, 10_000, 'the service to exit on end of stdin')).toEqual({ code: 0, signal: null });
  });

  it('reports an exit code and a death by signal', async () => {
    expect(await bounded(start({ args: ['-e', 'process.exit(3)'] }).exited, 10_000, 'exit 3')).toEqual({ code: 3, signal: null });
    expect(await bounded(start({ args: ['-e', "process.kill(process.pid, 'SIGKILL')"] }).exited, 10_000, 'the SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('gives the service exactly the environment it was given, in the folder it was given', async () => {
    const env = { ...baseEnv(), HOME: '/nowhere', ODD_VALUE: 'spaces, = signs and ünïcödé', EMPTY: '' };
    const cwd = tempDir();
    process.env.STACKDECK_LAUNCHER_ONLY = 'must-not-leak';
    let service: ServiceProcess;
    try {
      service = start({ args: ['-e', 'setInterval(() => {}, 1000)'], env, cwd });
    } finally {
      delete process.env.STACKDECK_LAUNCHER_ONLY;
    }
    const pid = await service.spawned;
    const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    expect(Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]))).toEqual(env);
    expect(readlinkSync(`/proc/${pid}/cwd`)).toBe(cwd);
  });

  it('runs the service in a process group led by its keeper, apart from the launcher', async () => {
    const service = start({ args: ['-e', 'setInterval(() => {}, 1000)'] });
    const pid = await service.spawned;
    // The fifth field of /proc/<pid>/stat, after the parenthesised command name: the process group.
    const groupOf = (of: number) => {
      const stat = readFileSync(`/proc/${of}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    };
    expect(groupOf(pid)).toBe(service.pgid);
    expect(groupOf(service.pgid)).toBe(service.pgid);
    expect(service.pgid).not.toBe(groupOf(process.pid));
  });
});

describe('spawnServiceProcess: a command that cannot start', () => {
  it('rejects `spawned` with the command and the reason, and `exited` still resolves', async () => {
    const service = start({ command: 'stackdeck-no-such-command', args: ['--flag'] });
    await expect(bounded(service.spawned, 10_000, 'the spawn error')).rejects.toThrow(/stackdeck-no-such-command.*ENOENT/);
    const status = await bounded(service.exited, 10_000, 'the keeper to exit');
    expect(status.code).not.toBe(0);
    expect(alive(service.pgid)).toBe(false);
  });

  it('rejects for a file that is not executable', async () => {
    const dir = tempDir({ 'not-executable.sh': '#!/bin/sh\necho hi\n' });
    const service = start({ command: join(dir, 'not-executable.sh'), args: [] });
    await expect(bounded(service.spawned, 10_000, 'the spawn error')).rejects.toThrow(/not-executable\.sh.*EACCES/);
    await bounded(service.exited, 10_000, 'the keeper to exit');
  });

  it("carries the OS's code (ENOENT, EACCES), so the launcher can say what to fix instead of retrying", async () => {
    const missing = start({ command: 'stackdeck-no-such-command', args: [] });
    await expect(bounded(missing.spawned, 10_000, 'the spawn error')).rejects.toMatchObject({ name: 'Error', code: 'ENOENT' });
    const dir = tempDir({ 'not-executable.sh': '#!/bin/sh\necho hi\n' });
    const denied = start({ command: join(dir, 'not-executable.sh'), args: [] });
    const error: unknown = await denied.spawned.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SpawnError);
    expect((error as SpawnError).code).toBe('EACCES');
  });
});

describe('spawnServiceProcess: stop', () => {
  it('SIGTERMs the group, then SIGKILLs a service that ignores SIGTERM after the grace, grandchildren included', async () => {
    const service = start({ args: ['-e', serviceWithGrandchild(true)] });
    const stdout = collect(service.stdout);
    const pid = await service.spawned;
    const grandchild = await grandchildOf(stdout);

    const stopping = service.stop(3_000);
    // Within the grace, SIGTERM alone has not ended them: both ignore it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alive(pid)).toBe(true);
    expect(alive(grandchild)).toBe(true);

    expect(await bounded(stopping, 15_000, 'stop')).toEqual({ code: null, signal: 'SIGKILL' });
    await eventually(() => !alive(pid) && !alive(grandchild) && !alive(service.pgid), 'the service, its grandchild and its keeper to be gone', 5_000);
  });

  it('does not wait out the grace when the service ends on SIGTERM, and still ends the grandchild it left', async () => {
    const service = start({ args: ['-e', serviceWithGrandchild(false)] });
    const stdout = collect(service.stdout);
    const pid = await service.spawned;
    const grandchild = await grandchildOf(stdout);

    expect(await bounded(service.stop(120_000), 10_000, 'stop of a service that ends on SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    await eventually(() => !alive(pid) && !alive(grandchild) && !alive(service.pgid), 'the service, its grandchild and its keeper to be gone', 5_000);
  });

  it('lets a server under a wrapper (sh -c) finish its clean stop after the wrapper itself died of the SIGTERM', async () => {
    // sh stays (a command follows), dies at once of SIGTERM; the Python server takes 800 ms to shut down, longer than
    // the keeper waits for the pipes of a service that exits on its own.
    const server = "import signal, sys, time\ndef stop(*_):\n    time.sleep(0.8)\n    print('stopped cleanly', flush=True)\n    sys.exit(0)\nsignal.signal(signal.SIGTERM, stop)\nprint('serving', flush=True)\nwhile True:\n    time.sleep(1)\n";
    const service = start({ command: 'sh', args: ['-c', 'python3 -c "$SERVER"; echo wrapper-after'], env: { ...baseEnv(), SERVER: server } });
    const stdout = collect(service.stdout);
    await service.spawned;
    await eventually(() => stdout.text().includes('serving'), 'the server to run', 10_000);

    const stoppedAt = Date.now();
    await bounded(service.stop(5_000), 10_000, 'stop');
    await eventually(() => stdout.text().includes('stopped cleanly'), 'the server to log its own clean stop', 2_000);
    // It ended on its own, long before the grace would have killed it.
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
  });

  it('gives the same answer to a second stop', async () => {
    const service = start({ args: ['-e', 'setInterval(() => {}, 1000)'] });
    await service.spawned;
    const [first, second] = await bounded(Promise.all([service.stop(1_000), service.stop(1_000)]), 10_000, 'two stops');
    expect(first).toEqual({ code: null, signal: 'SIGTERM' });
    expect(second).toEqual(first);
    expect(await service.stop(1_000)).toEqual(first);
  });
});

describe('spawnServiceProcess: the launcher dies', () => {
  // A launcher of its own: a Node process that starts one service through spawnServiceProcess and prints the pids.
  function launcher(serviceSource: string): { child: ChildProcess; pids: () => Promise<{ keeper: number; service: number; grandchild: number }> } {
    const dir = tempDir({
      'launcher.mjs': `
const { spawnServiceProcess } = await import(process.argv[2]);
const service = spawnServiceProcess({
  nodeBinary: process.execPath, command: process.execPath, args: ['-e', process.argv[3]], cwd: process.cwd(),
  env: { PATH: process.env.PATH, ${MARK_VARIABLE}: process.env.${MARK_VARIABLE} }, graceMs: 1000,
});
service.stdout.pipe(process.stdout, { end: false });
const pid = await service.spawned;
process.stdout.write(JSON.stringify({ keeper: service.pgid, service: pid }) + '\\n');
`,
    });
    const child = spawn(NODE, [join(dir, 'launcher.mjs'), MODULE_URL, serviceSource], { cwd: dir, env: baseEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    launchers.push(child);
    if (!child.stdout) throw new Error('the launcher has no stdout pipe');
    const stdout = collect(child.stdout);
    return {
      child,
      pids: async () => {
        const lines = await eventually(() => {
          const parsed = stdout.text().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, number>);
          const keeper = parsed.find((entry) => entry.keeper !== undefined);
          const grandchild = parsed.find((entry) => entry.grandchild !== undefined);
          return keeper && grandchild && { keeper, grandchild };
        }, 'the launcher to print the pids', 15_000);
        const result = { keeper: lines.keeper.keeper ?? 0, service: lines.keeper.service ?? 0, grandchild: lines.grandchild.grandchild ?? 0 };
        await eventually(() => readFileSync(`/proc/${result.grandchild}/cmdline`, 'utf8').startsWith('sleep'), 'the grandchild to be sleep', 10_000);
        return result;
      },
    };
  }

  it.each([
    { kind: 'a service that ends on SIGTERM', ignoreTerm: false },
    { kind: 'a service that ignores SIGTERM', ignoreTerm: true },
  ])('leaves nothing running when the launcher is SIGKILLed: $kind, its grandchild and its keeper', async ({ ignoreTerm }) => {
    const { child, pids } = launcher(serviceWithGrandchild(ignoreTerm));
    const { keeper, service, grandchild } = await pids();
    expect([alive(keeper), alive(service), alive(grandchild)]).toEqual([true, true, true]);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await eventually(() => !alive(service) && !alive(grandchild) && !alive(keeper), 'the service, its grandchild and its keeper to be gone after the launcher died', 8_000);
  }, 30_000);
});

describe('spawnServiceProcess: the launcher dies, the service has the last word', () => {
  it("drains the service's output into its log file (redacted), SIGTERMs it, and notes its own clean exit", async () => {
    const dir = tempDir();
    const logFile = join(dir, 'logs', 'svc.log');
    const secret = 'hunter2-very-secret';
    // On SIGTERM the service prints (a secret among it), waits, prints again and exits 0: with nobody reading its output
    // it would block or die of EPIPE; through the keeper the lines reach the file.
    const serviceSource = `
process.on('SIGTERM', () => {
  console.log('stopping on SIGTERM, token ${secret}');
  setTimeout(() => { process.stdout.write('stopped cleanly'); process.exit(0); }, 200);
});
console.log('running');
setInterval(() => {}, 1000);
`;
    const launcherSource = `
const { spawnServiceProcess } = await import(process.argv[2]);
const service = spawnServiceProcess({
  nodeBinary: process.execPath, command: process.execPath, args: ['-e', process.argv[3]], cwd: process.cwd(),
  env: { PATH: process.env.PATH, ${MARK_VARIABLE}: process.env.${MARK_VARIABLE} }, graceMs: 5000,
  logFile: { path: process.argv[4], secretNeedles: [process.argv[5]] },
});
service.stdout.pipe(process.stdout, { end: false });
const pid = await service.spawned;
process.stdout.write(JSON.stringify({ keeper: service.pgid, service: pid }) + '\\n');
`;
    const script = join(tempDir({ 'launcher.mjs': launcherSource }), 'launcher.mjs');
    const child = spawn(NODE, [script, MODULE_URL, serviceSource, logFile, secret], { cwd: dir, env: baseEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    launchers.push(child);
    if (!child.stdout) throw new Error('the launcher has no stdout pipe');
    const stdout = collect(child.stdout);
    const line = await eventually(() => stdout.text().split('\n').find((candidate) => candidate.startsWith('{"keeper"')), 'the pids', 15_000);
    await eventually(() => stdout.text().includes('running'), 'the service to run', 10_000);
    const { keeper, service } = JSON.parse(line) as { keeper: number; service: number };

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await eventually(() => !alive(service) && !alive(keeper), 'the service and its keeper to be gone', 8_000);
    // It stopped on its own, long before the 5 s grace.
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    const text = readFileSync(logFile, 'utf8');
    expect(text).toContain('[stackdeck] the launcher went away: SIGTERM to');
    expect(text).toContain('stopping on SIGTERM, token ***\n');
    expect(text).toContain('stopped cleanly\n');
    expect(text).toMatch(/\[stackdeck\] stopped \(exited with code 0\) after the launcher went away\n$/);
    expect(text).not.toContain(secret);
    expect(text.indexOf('stopping on SIGTERM')).toBeLessThan(text.indexOf('stopped cleanly'));
  }, 30_000);

  it('kill() ends the group at once, without the grace', async () => {
    const service = start({ args: ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"] });
    await service.spawned;
    const stopping = service.stop(60_000);
    service.kill();
    expect(await bounded(stopping, 5_000, 'a stop cut short by kill()')).toEqual({ code: null, signal: 'SIGKILL' });
  });
});
