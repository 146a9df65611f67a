import { getCompileCacheDir } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveNodeBinary } from './resolve-command.ts';
import { startKeeper, type KeeperProcess } from './spawn-service-process.ts';

// Why: a keeper is a Node process that takes ~50-100 ms to start; one is kept warm so a service starts without that wait.
export function createKeeperPool(nodeBinary: string, env: Record<string, string>, cwd: string) {
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
  // The next keeper starts warming right after the caller has handed the taken one its service: a spawn costs the
  // caller's thread some milliseconds, which the service being started should not wait for.
  let refill: NodeJS.Immediate | undefined;
  const refillNow = () => {
    if (refill) clearImmediate(refill);
    refill = undefined;
    idle ??= spawnIdle();
  };
  return {
    // The warm keeper (the next one starts warming at once), or undefined to start a fresh one.
    take(): KeeperProcess | undefined {
      // A second take before the refill ran: the refill happens now, as before any take.
      if (refill) refillNow();
      const taken = idle && idle.nodeChildProcess.exitCode === null && idle.nodeChildProcess.connected ? idle : undefined;
      idle = undefined;
      refill = setImmediate(refillNow);
      return taken;
    },
    close(): void {
      closed = true;
      if (refill) clearImmediate(refill);
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
