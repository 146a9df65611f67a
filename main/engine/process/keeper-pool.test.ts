import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/test-stack.ts';
import { createKeeperPool, createStackKeeperPool } from './keeper-pool.ts';
import { resolveNodeBinary } from './resolve-command.ts';
import { spawnServiceProcess } from './spawn-service-process.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE = resolveNodeBinary(ROOT);
const pools: ReturnType<typeof createKeeperPool>[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

describe('createKeeperPool', () => {
  it('hands out a warm keeper that runs a service with exactly the environment of its plan', async () => {
    const pool = createKeeperPool(NODE, { PATH: process.env.PATH ?? '' }, ROOT);
    pools.push(pool);
    const warm = pool.take();
    expect(warm).toBeDefined();
    const service = spawnServiceProcess({ nodeBinary: NODE, command: 'sleep', args: ['30'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '', MARKER: 'warm-keeper-test' }, graceMs: 500 }, warm);
    const pid = await service.spawned;
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).sort();
    expect(environ).toEqual([`MARKER=warm-keeper-test`, `PATH=${process.env.PATH ?? ''}`].sort());
    expect(service.pgid).toBe(warm?.pid);
    expect(await service.stop(500)).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('gives a stack\'s keepers V8\'s code cache (keeper.ts is not type-stripped again at each start), never its services', async () => {
    const pool = createStackKeeperPool(ROOT, { PATH: process.env.PATH, HOME: '/should/not/pass' });
    pools.push(pool);
    const warm = pool.take();
    const service = spawnServiceProcess({ nodeBinary: NODE, command: 'sleep', args: ['30'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '' }, graceMs: 500 }, warm);
    try {
      const pid = await service.spawned;
      const environOf = (of: number | undefined) => readFileSync(`/proc/${of}/environ`, 'utf8').split('\0').filter(Boolean).map((entry) => entry.split('=')[0]);
      // The keeper's own: PATH, the cache, and Node's IPC channel; not the launcher's other variables.
      expect(environOf(warm?.pid).filter((name) => !name?.startsWith('NODE_CHANNEL_')).sort()).toEqual(['NODE_COMPILE_CACHE', 'PATH']);
      expect(environOf(pid)).toEqual(['PATH']);
    } finally {
      expect(await service.stop(500)).toEqual({ code: null, signal: 'SIGTERM' });
    }
  });

  it('starts the next warm keeper as one is taken, and kills the idle one on close', async () => {
    const pool = createKeeperPool(NODE, { PATH: process.env.PATH ?? '' }, ROOT);
    const first = pool.take();
    const second = pool.take();
    expect(second?.pid).not.toBe(first?.pid);
    for (const taken of [first, second]) taken?.nodeChildProcess.kill('SIGKILL');
    pool.close();
    // Every keeper this process started is gone: the two taken ones we killed, and the idle one close() killed.
    await eventually(() => keeperChildren().length === 0, 'no keeper child left', 5_000);
    expect(pool.take()).toBeUndefined();
  });

  it('warms the next keeper just after a take, so the taken one gets its service without waiting for that spawn', async () => {
    const pool = createKeeperPool(NODE, { PATH: process.env.PATH ?? '' }, ROOT);
    pools.push(pool);
    const taken = pool.take();
    expect(keeperChildren()).toEqual([taken?.pid]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(keeperChildren()).toHaveLength(2);
    taken?.nodeChildProcess.kill('SIGKILL');
  });

  it('warms the next keeper only later when no other start waits for one: a keeper booting beside a service slows its boot', async () => {
    const pool = createKeeperPool(NODE, { PATH: process.env.PATH ?? '' }, ROOT, { refillWhenIdleMs: 300 });
    pools.push(pool);
    const taken = pool.take('when-idle');
    await new Promise((resolve) => setImmediate(resolve));
    expect(keeperChildren()).toEqual([taken?.pid]);
    await eventually(() => keeperChildren().length === 2, 'the next keeper warming after the delay', 5_000);
    taken?.nodeChildProcess.kill('SIGKILL');
  });

  it('a take while a later refill is pending gets a keeper at once (the refill happens then), and the next one warms at once', async () => {
    const pool = createKeeperPool(NODE, { PATH: process.env.PATH ?? '' }, ROOT, { refillWhenIdleMs: 60_000 });
    pools.push(pool);
    const first = pool.take('when-idle');
    const second = pool.take('now');
    expect(second).toBeDefined();
    expect(second?.pid).not.toBe(first?.pid);
    await new Promise((resolve) => setImmediate(resolve));
    // The two taken, and the next one warming.
    expect(keeperChildren()).toHaveLength(3);
    expect(keeperChildren()).toEqual(expect.arrayContaining([first?.pid, second?.pid]));
    for (const taken of [first, second]) taken?.nodeChildProcess.kill('SIGKILL');
  });
});

// Keeper processes whose parent is this test process (from /proc, no ps needed).
function keeperChildren(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === process.pid && !stat.includes(') Z ') && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('keeper.ts');
    } catch {
      return false;
    }
  });
}
