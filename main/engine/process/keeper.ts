// The keeper: one small Node process per service, leader of the service's process group. It starts the service,
// owns its stdout/stderr (forwarded to the launcher), reports its pid and exit to the launcher over IPC, and when
// the launcher's end of that channel closes (the launcher died, even by SIGKILL) it stops the whole group as the
// launcher would have: SIGTERM, the service's grace period, then SIGKILL. Meanwhile the service's last lines go to
// its log file, so a service whose launcher is gone can still print and exit on its own: nothing outlives it.
// It runs alone next to the bundle that spawns it (packaged, outside the asar), so it needs nothing but Node built-ins.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface KeeperSpec {
  command: string;
  args: string[];
  cwd: string;
  graceMs: number;
}

// Where the launcher keeps this service's log, and the texts it redacts from it (longest first).
interface LogFileSpec {
  path: string;
  secretNeedles: string[];
}

type LauncherMessage =
  | { type: 'run'; spec: KeeperSpec; env: Record<string, string> }
  | { type: 'logFile'; logFile: LogFileSpec };

// What the keeper may add to the log file once the launcher is gone: a flood in the grace period costs this, no more.
const DRAIN_MAX_BYTES = 4 * 1024 * 1024;
// A line longer than this is not written (and counted): it could hide a secret across any cut.
const DRAIN_MAX_LINE_CHARS = 64 * 1024;
// After the service exits, how long its pipes may stay open (a grandchild holding them) before the keeper goes on.
const STREAMS_END_WAIT_MS = 500;
// Launcher messages in the log file read like this, as the launcher writes them (log-hub's SYSTEM_LINE_PREFIX).
const SYSTEM_LINE_PREFIX = '[stackdeck] ';

let graceMs = 5_000;
// When the group got SIGTERM (the launcher's stop, or the keeper's own after the launcher died): its grace runs from here.
let terminatedAt: number | undefined;
const STOP_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP']);
let logFile: LogFileSpec | undefined;
let launcherGone = false;
let service: ChildProcess | undefined;
const send = (message: object) => {
  if (process.connected) process.send?.(message);
};

// The group's signals reach the service directly; the keeper stays to report its exit.
process.on('SIGTERM', () => {
  terminatedAt ??= Date.now();
});
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
// Writes to a launcher that died fail with EPIPE: the lines go to the log file instead (see forward()).
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

// The service's log file, written by the keeper only once the launcher is gone: whole lines, redacted, bounded.
const drain = (() => {
  const partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  let fd: number | undefined;
  let written = 0;
  let linesNotWritten = 0;
  let closed = false;
  const redact = (text: string) => (logFile?.secretNeedles ?? []).reduce((result, needle) => result.split(needle).join('***'), text);
  const append = (text: string) => {
    if (closed || !logFile || text.length === 0) return;
    const bytes = Buffer.from(text);
    if (written + bytes.length > DRAIN_MAX_BYTES) {
      linesNotWritten += text.split('\n').length - 1;
      return;
    }
    try {
      if (fd === undefined) {
        mkdirSync(dirname(logFile.path), { recursive: true });
        fd = openSync(logFile.path, 'a');
      }
      writeSync(fd, bytes);
      written += bytes.length;
    } catch {
      // The log folder is gone or full: the service still stops; only its last lines are lost.
    }
  };
  const lines = (stream: 'stdout' | 'stderr', text: string) => {
    const all = partial[stream] + text;
    const end = all.lastIndexOf('\n') + 1;
    partial[stream] = all.slice(end);
    if (partial[stream].length > DRAIN_MAX_LINE_CHARS) {
      partial[stream] = '';
      linesNotWritten++;
    }
    const complete = all.slice(0, end).split('\n').slice(0, -1);
    const kept = complete.filter((line) => line.length <= DRAIN_MAX_LINE_CHARS);
    linesNotWritten += complete.length - kept.length;
    if (kept.length > 0) append(`${redact(kept.join('\n'))}\n`);
  };
  return {
    write: (stream: 'stdout' | 'stderr', chunk: Buffer) => lines(stream, chunk.toString('utf8')),
    endOfStream: (stream: 'stdout' | 'stderr') => {
      if (launcherGone && partial[stream].length > 0) lines(stream, '\n');
    },
    system: (text: string) => append(`${SYSTEM_LINE_PREFIX}${text}\n`),
    close: () => {
      if (closed) return;
      if (linesNotWritten > 0) append(`${SYSTEM_LINE_PREFIX}${linesNotWritten} lines not written after the launcher went away\n`);
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
  };
})();

process.once('disconnect', () => {
  launcherGone = true;
  // A source paused for a launcher that will never drain flows again, into the log file.
  service?.stdout?.resume();
  service?.stderr?.resume();
  if (!service) process.exit(0);
  drain.system(`the launcher went away: SIGTERM to ${service.pid ?? 'the service'} now, SIGKILL after ${graceMs / 1000} s if it is still running`);
  terminatedAt ??= Date.now();
  killGroup('SIGTERM');
  setTimeout(() => {
    drain.system(`did not stop within ${graceMs / 1000} s of SIGTERM, so it was killed with SIGKILL`);
    drain.close();
    killGroup('SIGKILL');
  }, graceMs).unref();
  // Stay until the service is gone; SIGKILL of the group ends the keeper too.
});

process.on('message', (message: LauncherMessage) => {
  if (message.type === 'logFile') logFile = message.logFile;
  else if (message.type === 'run' && !service && !process.argv[2]) run(message.spec, message.env);
});

function run(spec: KeeperSpec, env: NodeJS.ProcessEnv): void {
  graceMs = spec.graceMs;
  // stdin stays the launcher's pipe: a service may exit when it closes (the launcher died).
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: ['inherit', 'pipe', 'pipe'] });
  service = child;
  const ended = [forward(child.stdout, process.stdout, 'stdout'), forward(child.stderr, process.stderr, 'stderr')];
  child.once('spawn', () => send({ type: 'spawned', pid: child.pid }));
  child.once('error', (error) => {
    // Exit once the message is out: the launcher needs the reason (ENOENT, EACCES) more than the exit code.
    const message = { type: 'spawnError', message: `${spec.command}: ${error.message}`, code: (error as NodeJS.ErrnoException).code };
    if (process.connected && process.send) process.send(message, () => process.exit(127));
    else process.exit(127);
  });
  child.once('exit', (code, signal) => {
    // A stop signal to the group reaches the keeper and the service together, and either may be handled first: a
    // service ended by one is taken as stopped now, so a wrapper's server still gets the rest of the grace.
    if (signal !== null && STOP_SIGNALS.has(signal)) terminatedAt ??= Date.now();
    // Its last lines first: once the pipes end (or a grandchild that holds them has had its moment). In a stop, the
    // process that ends first may be a wrapper (`sh -c`, npm) while the server it started still shuts down and holds
    // the pipes: it keeps the rest of the grace, so the SIGKILL below does not cut its clean stop short.
    const waitMs = terminatedAt === undefined ? STREAMS_END_WAIT_MS : Math.max(STREAMS_END_WAIT_MS, terminatedAt + graceMs - Date.now());
    const streamsEnded = Promise.race([Promise.all(ended), new Promise((resolve) => setTimeout(resolve, waitMs))]);
    void streamsEnded.then(() => {
      // Grandchildren the service left behind in its group go with it, once the launcher has the exit (the keeper too).
      const finish = () => {
        killGroup('SIGKILL');
        process.exit(0);
      };
      if (launcherGone) {
        drain.system(`stopped (${signal ? `killed by ${signal}` : `exited with code ${code}`}) after the launcher went away`);
        drain.close();
      }
      if (process.connected && process.send) process.send({ type: 'exited', code, signal }, finish);
      else finish();
    });
  });
}

// The service's output goes to the launcher while it lives, else to the log file; in order, including the chunks
// whose write to the launcher failed (it died while they were in flight: their callbacks may come in any order).
function forward(from: Readable | null, to: Writable, stream: 'stdout' | 'stderr'): Promise<void> {
  if (!from) return Promise.resolve();
  const queue: { chunk: Buffer; settled: boolean; failed: boolean }[] = [];
  let onSettled = () => {};
  const settle = () => {
    while (queue[0]?.settled) {
      const head = queue.shift();
      if (head?.failed) drain.write(stream, head.chunk);
    }
    if (queue.length === 0) onSettled();
  };
  from.on('data', (chunk: Buffer) => {
    const entry = { chunk, settled: launcherGone, failed: launcherGone };
    queue.push(entry);
    if (!launcherGone) {
      const accepted = to.write(chunk, (error) => {
        entry.settled = true;
        entry.failed = Boolean(error);
        if (error) from.resume();
        settle();
      });
      // A slow launcher slows the service (as a direct pipe would), rather than the keeper buffering without bound.
      if (!accepted && !from.isPaused()) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    }
    settle();
  });
  return new Promise((resolve) => {
    from.once('close', () => {
      onSettled = () => {
        drain.endOfStream(stream);
        resolve();
      };
      settle();
    });
  });
}

// Started with its spec in argv (environment inherited), or warm: waiting for one 'run' message with spec and environment.
if (process.argv[2]) run(JSON.parse(Buffer.from(process.argv[2], 'base64url').toString('utf8')) as KeeperSpec, process.env);

function killGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // The group is already gone.
  }
}
