// When the launcher must stop the stack: a signal, or whatever started it going away. `npx stackdeck up` and
// `npm run stackdeck -- up` exit on SIGTERM without passing it on (what an IDE's stop button, `timeout` or a supervisor
// sends), and a wrapping shell dies the same way: the launcher is then reparented, which it notices by its parent's pid.

export interface StopSignals {
  // Resolves with the reason, once: the stack should stop gracefully.
  stopSignal: Promise<string>;
  // Resolves on a second Ctrl+C (SIGINT) after the first reason: stop at once, no grace.
  forceStop: Promise<void>;
  // Listeners and timer removed.
  dispose: () => void;
}

export interface StopSignalsOptions {
  // Started by an app that holds our stdin: its end means the app is gone.
  exitWithStdin?: boolean;
  parentPollMs?: number;
  // Injected by tests.
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
  parentPid?: () => number;
  stdin?: NodeJS.ReadableStream;
}

// Cheap: one getppid() call; four times a second keeps "the wrapper died" to "the stack stops" well under a second.
export const DEFAULT_PARENT_POLL_MS = 250;

// Why: the launcher owns the stack; when whoever started it is gone (signal, closed terminal, dead parent, closed stdin)
// it must stop the services as on Ctrl+C, or they run on with nobody to stop them.
export function watchStopSignals(options: StopSignalsOptions = {}): StopSignals {
  const signals = options.signals ?? process;
  const parentPid = options.parentPid ?? (() => process.ppid);
  let stop: (reason: string) => void = () => {};
  let force: () => void = () => {};
  const stopSignal = new Promise<string>((resolve) => { stop = resolve; });
  const forceStop = new Promise<void>((resolve) => { force = resolve; });
  let stopping = false;
  const begin = (reason: string) => {
    if (stopping) return;
    stopping = true;
    stop(reason);
  };
  const onInterrupt = () => {
    if (stopping) force();
    else begin('SIGINT');
  };
  const onTerminate = () => begin('SIGTERM');
  const onHangUp = () => begin('SIGHUP (the terminal closed)');
  signals.on('SIGINT', onInterrupt);
  signals.on('SIGTERM', onTerminate);
  signals.on('SIGHUP', onHangUp);

  const startedBy = parentPid();
  const timer = setInterval(() => {
    const now = parentPid();
    if (now !== startedBy) begin(`its parent process (pid ${startedBy}) went away`);
  }, options.parentPollMs ?? DEFAULT_PARENT_POLL_MS);
  timer.unref();

  const stdin = options.exitWithStdin ? options.stdin ?? process.stdin : undefined;
  const onStdinEnd = () => begin('stdin closed (whatever started it went away)');
  if (stdin) {
    stdin.on('end', onStdinEnd);
    stdin.on('error', onStdinEnd);
    stdin.resume();
  }

  return {
    stopSignal,
    forceStop,
    dispose: () => {
      clearInterval(timer);
      signals.off('SIGINT', onInterrupt);
      signals.off('SIGTERM', onTerminate);
      signals.off('SIGHUP', onHangUp);
      if (stdin) {
        stdin.off('end', onStdinEnd);
        stdin.off('error', onStdinEnd);
        stdin.pause();
      }
    },
  };
}
