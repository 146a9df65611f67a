import { getCompileCacheDir } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveNodeBinary } from './resolve-command.ts';
import { startKeeper, type KeeperProcess } from './spawn-service-process.ts';

// While a service boots, a keeper booting beside it takes the machine's cores from it (~80 ms of CPU): with no other start
// waiting for a keeper, the next one warms this much later, when the one just started is past its own boot.
export const KEEPER_REFILL_WHEN_IDLE_MS = 2_000;

// Whether the next keeper warms at once (another start is waiting for one) or once the starts under way have booted.
export type KeeperRefill = 'now' | 'when-idle';

// Why: a keeper is a Node process that takes ~50-100 ms to start; one is kept warm so a service starts without that wait.
export function createKeeperPool(nodeBinary: string, env: Record<string, string>, cwd: string, options: { refillWhenIdleMs?: number } = {}) {
  let closed = false;
  const spawnIdle = (): KeeperProcess | undefined => {
    if (closed) return undefined;
    const keeper = startKeeper(nodeBinary, env, cwd);
    // An idle keeper that dies (killed from outside) is simply not used.
    keeper.nodeChildProcess.once('exit', () => {
      if (idle === keeper) idle = undefined;
    });
    return keeper;
  };
  let idle: KeeperProcess | undefined = spawnIdle();
  // The next keeper starts warming right after the caller has handed the taken one its service (a spawn costs the
  // caller's thread some milliseconds, which the service being started should not wait for), or later (see KeeperRefill).
  let refill: { cancel: () => void } | undefined;
  const refillNow = () => {
    refill?.cancel();
    refill = undefined;
    idle ??= spawnIdle();
  };
  const scheduleRefill = (when: KeeperRefill) => {
    if (when === 'now') {
      const immediate = setImmediate(refillNow);
      refill = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(refillNow, options.refillWhenIdleMs ?? KEEPER_REFILL_WHEN_IDLE_MS);
      timer.unref();
      refill = { cancel: () => clearTimeout(timer) };
    }
  };
  return {
    // The warm keeper (the next one warms as `refill` says), or undefined to start a fresh one.
    take(next: KeeperRefill = 'now'): KeeperProcess | undefined {
      // A second take before the refill ran: the refill happens now, as before any take.
      if (refill) refillNow();
      const taken = idle && idle.nodeChildProcess.exitCode === null && idle.nodeChildProcess.connected ? idle : undefined;
      idle = undefined;
      scheduleRefill(next);
      return taken;
    },
    close(): void {
      closed = true;
      refill?.cancel();
      refill = undefined;
      idle?.nodeChildProcess.kill('SIGKILL');
      idle = undefined;
    },
  };
}

export type KeeperPool = ReturnType<typeof createKeeperPool>;

// Why: the engine's pool for a stack: the Node that 'node' means there, a bare environment (each service's comes with its plan),
// and V8's code cache on disk: without it, stripping keeper.ts's types cost each keeper ~3.5x the instructions of its whole boot.
// A warm keeper starts the service with the plan's environment, so the cache setting never reaches a service.
export function createStackKeeperPool(root: string, parentEnv: Readonly<Record<string, string | undefined>>): KeeperPool {
  const env = { PATH: parentEnv.PATH ?? '', NODE_COMPILE_CACHE: getCompileCacheDir() ?? join(tmpdir(), 'node-compile-cache') };
  return createKeeperPool(resolveNodeBinary(root, parentEnv.PATH), env, root);
}
