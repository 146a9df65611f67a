import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { eventually } from '../testing/test-stack.ts';
import { RUN_ID_VARIABLE, belongsToRun, cleanLeftovers } from './clean-leftovers.ts';
import { DISCOVERY_DIR, discoveryPath, writeDiscovery, type DiscoveryRecord } from './discovery-files.ts';

const tempDir = tempDirsForEachTest();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

// A zombie has ended; only its parent (this test process) has yet to reap it.
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

// `sleep 60` in a process group of its own, as a service under its keeper is, with the given environment.
async function sleeper(env: Record<string, string>): Promise<ChildProcess & { pid: number }> {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const { pid } = child;
  if (pid === undefined) throw new Error('sleep did not start');
  // The environment is readable once exec has replaced the forked image.
  await eventually(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep'), `sleep (pid ${pid}) to be exec'd`, 5_000);
  return Object.assign(child, { pid });
}

const leftover = (service: string, pid: number, runId: string, extra: Partial<DiscoveryRecord> = {}): DiscoveryRecord => ({
  service, host: '127.0.0.1', port: 45_000, url: 'http://127.0.0.1:45000', pid, startedAt: new Date().toISOString(), pgid: pid, runId, launcherPid: 999_999, ...extra,
});

describe('belongsToRun', () => {
  it('is true for a process whose environment carries the run id, false for another run id', async () => {
    const child = await sleeper({ [RUN_ID_VARIABLE]: 'run-abc' });
    expect(await belongsToRun(child.pid, 'run-abc')).toBe(true);
    expect(await belongsToRun(child.pid, 'run-abcd')).toBe(false);
    expect(await belongsToRun(child.pid, 'run-ab')).toBe(false);
  });

  it('is false for a process without a run id and for a pid that does not exist', async () => {
    const child = await sleeper({});
    expect(await belongsToRun(child.pid, 'run-abc')).toBe(false);
    expect(await belongsToRun(process.pid, 'run-abc')).toBe(false);
    const ended = spawn('true');
    children.push(ended);
    await new Promise((resolve) => ended.once('exit', resolve));
    expect(await belongsToRun(ended.pid ?? 0, 'run-abc')).toBe(false);
  });
});

describe('cleanLeftovers', () => {
  it('ends a leftover of an earlier run (its whole group) and removes its discovery file, with a note', async () => {
    const root = tempDir();
    const runId = `run-${process.pid}-leftover`;
    const service = await sleeper({ [RUN_ID_VARIABLE]: runId });
    await writeDiscovery(root, leftover('auth', service.pid, runId, { launcherPid: 123_456 }));

    const notes = await cleanLeftovers(root, 2_000);
    await eventually(() => !alive(service.pid), `the leftover (pid ${service.pid}) to end`, 5_000);
    expect(notes).toEqual([`stopped auth (pid ${service.pid}) left running by an earlier launcher (pid 123456)`]);
    expect(existsSync(discoveryPath(root, 'auth'))).toBe(false);
    expect(readdirSync(join(root, DISCOVERY_DIR))).toEqual([]);
  });

  it('ends a leftover that ignores SIGTERM once the grace period is over', async () => {
    const root = tempDir();
    const runId = `run-${process.pid}-stubborn`;
    const stubborn = spawn('sh', ['-c', 'trap "" TERM; exec sleep 60'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', [RUN_ID_VARIABLE]: runId } });
    children.push(stubborn);
    const pid = await eventually(() => stubborn.pid !== undefined && existsSync(`/proc/${stubborn.pid}`) && readFileSync(`/proc/${stubborn.pid}/cmdline`, 'utf8').startsWith('sleep') && stubborn.pid, 'the stubborn sleep to run', 5_000);
    await writeDiscovery(root, leftover('backend', pid, runId));

    const notes = await cleanLeftovers(root, 300);
    await eventually(() => !alive(pid), `the stubborn leftover (pid ${pid}) to end`, 5_000);
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^stopped backend \\(pid ${pid}\\)`))]);
    expect(existsSync(discoveryPath(root, 'backend'))).toBe(false);
  });

  it('does not signal a live process that is not ours (another run id), and removes its file, saying so', async () => {
    const root = tempDir();
    const foreign = await sleeper({ [RUN_ID_VARIABLE]: 'someone-elses-run' });
    await writeDiscovery(root, leftover('auth', foreign.pid, `run-${process.pid}-mine`));

    const notes = await cleanLeftovers(root, 200);
    expect(notes).toEqual([`removed the stale discovery file of auth (pid ${foreign.pid} is gone or no longer ours)`]);
    expect(existsSync(discoveryPath(root, 'auth'))).toBe(false);
    // Not signalled: it is still running, and has not exited (no exit event, no signal).
    expect(alive(foreign.pid)).toBe(true);
    expect(foreign.exitCode).toBeNull();
    expect(foreign.signalCode).toBeNull();
  });

  it('does not signal the group of a record whose pid is this very process, under another run id', async () => {
    const root = tempDir();
    // Were the record trusted, SIGTERM would go to this decoy's group (and SIGKILL after the grace).
    const decoy = await sleeper({});
    await writeDiscovery(root, leftover('backend', process.pid, 'not-this-run', { pgid: decoy.pid }));

    const notes = await cleanLeftovers(root, 200);
    expect(notes).toEqual([`removed the stale discovery file of backend (pid ${process.pid} is gone or no longer ours)`]);
    expect(existsSync(discoveryPath(root, 'backend'))).toBe(false);
    expect(alive(decoy.pid)).toBe(true);
    expect(decoy.signalCode).toBeNull();
  });

  it('removes the file of a record whose pid is dead', async () => {
    const root = tempDir();
    const ended = spawn('true', { stdio: 'ignore' });
    children.push(ended);
    await new Promise((resolve) => ended.once('exit', resolve));
    const pid = ended.pid ?? 0;
    expect(alive(pid)).toBe(false);
    await writeDiscovery(root, leftover('auth', pid, 'run-dead'));

    expect(await cleanLeftovers(root, 200)).toEqual([`removed the stale discovery file of auth (pid ${pid} is gone or no longer ours)`]);
    expect(readdirSync(join(root, DISCOVERY_DIR))).toEqual([]);
  });

  it('leaves unreadable files in place with a note, and deals with the good records beside them', async () => {
    const root = tempDir({ [`${DISCOVERY_DIR}/broken_config.json`]: '{oops' });
    const runId = `run-${process.pid}-mixed`;
    const service = await sleeper({ [RUN_ID_VARIABLE]: runId });
    await writeDiscovery(root, leftover('api', service.pid, runId));

    const notes = await cleanLeftovers(root, 2_000);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain(`ignored ${join(root, DISCOVERY_DIR, 'broken_config.json')}: `);
    expect(notes[1]).toMatch(/^stopped api /);
    await eventually(() => !alive(service.pid), 'the leftover api to end', 5_000);
    expect(readdirSync(join(root, DISCOVERY_DIR))).toEqual(['broken_config.json']);
  });

  it('has nothing to say when there is no discovery folder', async () => {
    expect(await cleanLeftovers(tempDir())).toEqual([]);
  });
});
