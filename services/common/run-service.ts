import type { FastifyInstance } from 'fastify';
import { EXIT_WITH_STDIN } from '../../shared/stack/launcher-contract.ts';

export interface RunServiceOptions {
  app: FastifyInstance;
  host: string;
  port: number;
  env: Readonly<Record<string, string | undefined>>;
  // Work to end before the listeners close (agent runs end with events).
  beforeClose?: () => Promise<void> | void;
  shutdownTimeoutMs?: number;
}

// Why: every service stops the same way: on SIGTERM/SIGINT or when its launcher goes away, cleanly, exit 0, within a bound.
export async function runService(options: RunServiceOptions): Promise<void> {
  const { app } = options;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ reason }, 'shutdown took too long, exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs ?? 5_000);
    timer.unref();
    try {
      await options.beforeClose?.();
      await app.close();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  if (options.env[EXIT_WITH_STDIN] === '1') {
    process.stdin.on('end', () => void stop('launcher went away (stdin closed)'));
    process.stdin.on('error', () => void stop('launcher went away (stdin error)'));
    process.stdin.resume();
  }
  if (process.connected) process.once('disconnect', () => void stop('launcher went away (IPC channel closed)'));

  await app.listen({ host: options.host, port: options.port });
}
