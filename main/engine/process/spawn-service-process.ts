import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

// Packaged, the keeper sits unpacked beside the asar: the Node that runs it cannot read inside the archive.
const KEEPER = fileURLToPath(new URL('./keeper.ts', import.meta.url)).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');

export interface ExitStatus {
  code: number | null;
  signal: string | null;
}

export interface ServiceProcess {
  // The keeper's pid, which is also the process group of the service and everything it starts.
  pgid: number;
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  // The service's own pid once it runs; rejects when the command cannot be started.
  spawned: Promise<number>;
  exited: Promise<ExitStatus>;
  // SIGTERM to the group, the grace period, then SIGKILL to the group.
  stop: (graceMs: number) => Promise<ExitStatus>;
  // SIGKILL to the group at once (a second Ctrl+C); `exited` and a stop in progress then resolve.
  kill: () => void;
}

export interface SpawnServiceOptions {
  nodeBinary: string;
  command: string;
  args: string[];
  cwd: string;
  // Exactly the child's environment: nothing of the launcher's own is added.
  env: Record<string, string>;
  graceMs: number;
  // The service's log file: the keeper writes the service's last lines there if the launcher dies (redacting these texts).
  logFile?: { path: string; secretNeedles: string[] };
}

type KeeperMessage = { type: 'spawned'; pid: number } | { type: 'spawnError'; message: string; code?: string } | { type: 'exited'; code: number | null; signal: string | null };

export type KeeperProcess = ReturnType<typeof startKeeper>;

// The program could not be run at all; code is the OS's (ENOENT, EACCES).
export class SpawnError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

// A keeper process: with a spec it starts the service at once; without one it waits, warm, for a 'run' message.
export function startKeeper(nodeBinary: string, env: Record<string, string>, cwd: string, spec?: string) {
  return execa(nodeBinary, spec ? [KEEPER, spec] : [KEEPER], {
    env,
    extendEnv: false,
    cwd,
    detached: true,
    ipc: true,
    serialization: 'json',
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    cleanup: false,
  });
}

// Why: every service runs under a keeper in its own process group, so a stop reaches the whole tree and a dead launcher leaves nothing behind.
export function spawnServiceProcess(options: SpawnServiceOptions, warm?: KeeperProcess): ServiceProcess {
  const plan = { command: options.command, args: options.args, cwd: options.cwd, graceMs: options.graceMs };
  const keeper = warm ?? startKeeper(options.nodeBinary, options.env, options.cwd, Buffer.from(JSON.stringify(plan)).toString('base64url'));
  // A warm keeper started earlier with a bare environment: the service's own comes with its plan.
  if (warm) warm.nodeChildProcess.send({ type: 'run', spec: plan, env: options.env });
  // Over IPC, not argv: the texts to redact are secrets, and argv is readable by every user of the machine.
  if (options.logFile) keeper.nodeChildProcess.send({ type: 'logFile', logFile: options.logFile });
  const pgid = keeper.pid;
  if (pgid === undefined) throw new Error(`could not start ${options.nodeBinary}`);
  let reported: ExitStatus | undefined;
  const child = keeper.nodeChildProcess;
  const spawned = new Promise<number>((resolve, reject) => {
    child.on('message', (raw: unknown) => {
      const message = raw as KeeperMessage;
      if (message.type === 'spawned') resolve(message.pid);
      else if (message.type === 'spawnError') reject(new SpawnError(message.message, message.code));
      else if (message.type === 'exited') reported = { code: message.code, signal: message.signal };
    });
    child.once('exit', () => reject(new Error('the service process ended before it started')));
  });
  spawned.catch(() => {});
  const exited = keeper.then((result) => reported ?? { code: result.exitCode ?? null, signal: result.signal ?? null });

  let stopping: Promise<ExitStatus> | undefined;
  return {
    pgid,
    stdin: keeper.stdin,
    stdout: keeper.stdout,
    stderr: keeper.stderr,
    spawned,
    exited,
    stop: (graceMs) => {
      stopping ??= (async () => {
        signalGroup(pgid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), graceMs);
        const status = await exited;
        clearTimeout(timer);
        // Whatever the service left in its group goes too.
        signalGroup(pgid, 'SIGKILL');
        return status;
      })();
      return stopping;
    },
    kill: () => {
      signalGroup(pgid, 'SIGKILL');
    },
  };
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
