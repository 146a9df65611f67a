// The keeper: one small Node process per service, leader of the service's process group. It starts the service,
// reports its pid and exit to the launcher over IPC, and when the launcher's end of that channel closes (the
// launcher died, even by SIGKILL) it ends the whole group: nothing the launcher started outlives it.
import { spawn } from 'node:child_process';

interface KeeperSpec {
  command: string;
  args: string[];
  cwd: string;
  graceMs: number;
}

let graceMs = 5_000;
const send = (message: object) => {
  if (process.connected) process.send?.(message);
};

// The group's signals reach the service directly; the keeper stays to report its exit.
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});

process.once('disconnect', () => {
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), graceMs).unref();
  // Stay until the service is gone; SIGKILL of the group ends the keeper too.
});


// Started with its spec in argv (environment inherited), or warm: waiting for one 'run' message with spec and environment.
if (process.argv[2]) {
  run(JSON.parse(Buffer.from(process.argv[2], 'base64url').toString('utf8')) as KeeperSpec, process.env);
} else {
  process.once('message', (message: { type?: string; spec?: KeeperSpec; env?: Record<string, string> }) => {
    if (message.type === 'run' && message.spec && message.env) run(message.spec, message.env);
  });
}

function run(spec: KeeperSpec, env: NodeJS.ProcessEnv): void {
  graceMs = spec.graceMs;
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: 'inherit' });
  child.once('spawn', () => send({ type: 'spawned', pid: child.pid }));
  child.once('error', (error) => {
    // Exit once the message is out: the launcher needs the reason (ENOENT, EACCES) more than the exit code.
    const message = { type: 'spawnError', message: `${spec.command}: ${error.message}`, code: (error as NodeJS.ErrnoException).code };
    if (process.connected && process.send) process.send(message, () => process.exit(127));
    else process.exit(127);
  });
  child.once('exit', (code, signal) => {
    // Grandchildren the service left behind in its group go with it, once the launcher has the exit (the keeper too).
    const finish = () => {
      killGroup('SIGKILL');
      process.exit(0);
    };
    if (process.connected && process.send) process.send({ type: 'exited', code, signal }, finish);
    else finish();
  });
}

function killGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // The group is already gone.
  }
}
