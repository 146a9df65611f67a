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
  return {
    // The warm keeper (a new one starts warming at once), or undefined to start a fresh one.
    take(): KeeperProcess | undefined {
      const taken = idle && idle.nodeChildProcess.exitCode === null && idle.nodeChildProcess.connected ? idle : undefined;
      idle = spawnIdle();
      return taken;
    },
    close(): void {
      closed = true;
      idle?.nodeChildProcess.kill('SIGKILL');
      idle = undefined;
    },
  };
}
