import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

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

// A keeper as its launcher holds it: the Node child process (IPC channel included) and its pipes.
export interface KeeperProcess {
  nodeChildProcess: ChildProcess;
  pid: number | undefined;
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  // Once the keeper has exited and its pipes are closed (all its output read); never rejects.
  ended: Promise<ExitStatus>;
}

// The program could not be run at all; code is the OS's (ENOENT, EACCES).
export class SpawnError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.code = code;
  }
}

// A keeper process: with a spec it starts the service at once; without one it waits, warm, for a 'run' message.
// Node's own spawn, not a process library: the launcher starts a keeper per service on its start-up path, where loading
// such a library cost more than the rest of the engine, and each call a few ms of its thread.
export function startKeeper(nodeBinary: string, env: Record<string, string>, cwd: string, spec?: string): KeeperProcess {
  const child = spawn(nodeBinary, spec ? [KEEPER, spec] : [KEEPER], { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  const ended = new Promise<ExitStatus>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    // Its Node could not be run at all: no 'close' is coming.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  // A message to a keeper that died (its channel closed) fails here, not as an uncaught error: its exit tells the rest.
  child.on('error', () => {});
  return { nodeChildProcess: child, pid: child.pid, stdin: child.stdin as Writable, stdout: child.stdout as Readable, stderr: child.stderr as Readable, ended };
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
  const exited = keeper.ended.then((status) => reported ?? status);

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
