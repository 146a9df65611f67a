import type { Finding } from '../../../shared/config/finding.ts';
import type { CrashRecord, ListeningReading, ServiceState, ServiceStatus } from '../../../shared/api/service-status.ts';
import { maskEmbeddedCredentials } from '../../../shared/config/mask.ts';
import { quoteCommandLine } from '../../../shared/stack/command-line.ts';
import { commandReferences, substituteCommand } from '../../../shared/stack/command-variables.ts';
import type { StackServiceSpec } from '../../../shared/stack/stack-file-schema.ts';
import { removeDiscovery, writeDiscovery } from '../discovery/discovery-files.ts';
import { resolveProgram } from '../process/resolve-command.ts';
import type { OsReading } from '../platform/os-reading.ts';
import { SpawnError, spawnServiceProcess, type ExitStatus, type KeeperProcess, type ServiceProcess } from '../process/spawn-service-process.ts';
import { describeSpawnFailure, quickExitMeansNotStarted } from './could-not-start.ts';
import { portMismatchFinding, portMismatchWarning } from './port-mismatch.ts';
import type { ProcessStats } from './process-stats.ts';
import { portTakenNote } from './port-taken-note.ts';
import { watchReadiness, type ReadinessProbe, type ReadinessWatch } from './readiness.ts';
import { decideRestart, describeExit, restartsAfterStablePeriod } from './restart-policy.ts';

// What a runner needs from the engine: ports, the isolated environment, logs, findings, and where to report.
export interface RunnerContext {
  root: string;
  runId: string;
  nodeBinary: string;
  // A warm keeper when one is ready (services start without waiting for a Node process to boot).
  warmKeeper?: (service: string) => KeeperProcess | undefined;
  allocatePort: (service: string) => Promise<{ ok: true; port: number; warning?: string } | { ok: false; message: string }>;
  releasePort: (service: string) => void;
  // The child's whole environment for this start (resolved values, system allowlist, launcher control variables).
  // `shown` is `env` as it may be displayed (secrets masked): the command line in the UI is built from it.
  // secretNeedles: what the log redacts for this start (the keeper redacts the same if it writes the log itself).
  environmentFor: (service: string, port: number | null) => Promise<{ env: Record<string, string>; values: Record<string, string>; shown: Record<string, string>; findings: Finding[]; secretNeedles: string[] }>;
  findingsFor: (service: string) => Finding[];
  logs: {
    ingest: (service: string, stream: 'stdout' | 'stderr', chunk: Buffer) => void;
    endOfStream: (service: string, stream: 'stdout' | 'stderr') => void;
    system: (service: string, text: string) => void;
    recentStderr: (service: string, count: number) => string[];
    // The service's log file, if logs are written to disk: its keeper writes there once the launcher is gone.
    filePath: (service: string) => string | null;
  };
  onChange: (runner: ServiceRunner) => void;
  onStarted: (service: string, values: Record<string, string>) => void;
  onStopped: (service: string) => void;
  // The TCP ports a process tree listens on (the platform module's reader; tests may pass their own).
  listeningPorts: (pid: number, group: number) => Promise<OsReading<number[]>>;
  // How often the listening ports are read while a service with a port starts.
  portCheckIntervalMs?: number;
}

const STDERR_LINES_IN_CRASH = 20;
// A listening-ports reading this fresh, started once the port accepted connections, stands for the ready status's own.
const RECENT_LISTENING_READ_MS = 250;
// Two readings in a row that find it listening elsewhere: not a service still opening its sockets one by one.
const MISMATCHED_READINGS_TO_GIVE_UP = 2;

// Why: one service's life (start, readiness, health, crash, back-off, stop) as a small state machine the UI can read.
export class ServiceRunner {
  readonly name: string;
  readonly spec: StackServiceSpec;
  #state: ServiceState = 'stopped';
  #pid: number | null = null;
  #port: number | null = null;
  #startedAt: Date | null = null;
  #restarts = 0;
  #lastCrash: CrashRecord | null = null;
  #message: string | null = null;
  #stats: ProcessStats | null = null;
  #staleKeys: string[] = [];
  #listening: ListeningReading | null = null;
  #portMismatch: Finding | null = null;
  #portWarning: string | null = null;
  // The last start's command line, variables substituted and secrets masked.
  #commandLine: string | null = null;
  #context: RunnerContext;
  #process: ServiceProcess | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #healthTimer: NodeJS.Timeout | null = null;
  #wantRunning = false;
  #starting: Promise<void> | null = null;
  // When the last stop sent SIGTERM: an exit by SIGKILL a grace period later means the service ignored it.
  #termSentAt: number | null = null;
  // The wait for dependencies in progress: a stop aborts it, and the service stays stopped.
  #waiting: AbortController | null = null;
  readonly #stateListeners = new Set<() => void>();

  constructor(name: string, spec: StackServiceSpec, context: RunnerContext) {
    this.name = name;
    this.spec = spec;
    this.#context = context;
  }

  get state(): ServiceState { return this.#state; }
  get pid(): number | null { return this.#pid; }
  get port(): number | null { return this.#port; }
  get startedAt(): Date | null { return this.#startedAt; }
  get restarts(): number { return this.#restarts; }
  get lastCrash(): CrashRecord | null { return this.#lastCrash; }
  get message(): string | null { return this.#message; }
  get stats(): ProcessStats | null { return this.#stats; }
  get staleKeys(): readonly string[] { return this.#staleKeys; }

  get url(): string | null {
    return this.port === null ? null : `http://127.0.0.1:${this.port}`;
  }

  // The readiness probe of this service: the stack file's, else a TCP connect on its port, else none.
  get probe(): Omit<ReadinessProbe, 'timeoutMs'> | null {
    const readiness = this.spec.readiness;
    const port = this.#port;
    if (readiness) {
      return {
        url: readiness.http && port !== null ? `http://127.0.0.1:${port}${readiness.http}` : undefined,
        logPattern: readiness.log ? new RegExp(readiness.log) : undefined,
      };
    }
    return this.spec.port && port !== null ? { tcpPort: port } : null;
  }

  get running(): boolean {
    return this.#process !== null;
  }

  status(): ServiceStatus {
    return {
      name: this.name,
      state: this.state,
      pid: this.pid,
      port: this.port,
      url: this.url,
      startedAt: this.startedAt?.toISOString() ?? null,
      restarts: this.restarts,
      dependsOn: Object.entries(this.spec.dependsOn).map(([service, condition]) => ({ service, condition })),
      stats: this.stats,
      staleKeys: [...this.#staleKeys],
      lastCrash: this.lastCrash,
      message: this.message,
      commandLine: this.#commandLine ?? undefined,
      probe: this.#probeWords(),
      listening: this.#listening,
      portWarning: this.#portWarning,
    };
  }

  // Findings only a running process can give (today: listening elsewhere than its port), beside the configuration's.
  runtimeFindings(): Finding[] {
    return this.#portMismatch ? [this.#portMismatch] : [];
  }

  // Calls back on every change of state, pid or message: waits on a service are event-driven.
  onStateChange(listener: () => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  // The engine's sampler reports CPU and memory here.
  updateStats(stats: ProcessStats | null): void {
    if (this.#pid === null) return;
    this.#stats = stats;
    this.#context.onChange(this);
  }

  // Keys changed in a file since this process started.
  setStaleKeys(keys: readonly string[]): void {
    this.#staleKeys = [...keys];
  }

  // Reads which ports the process tree listens on, and warns (once per finding) when none is the allocated one.
  async refreshListening(): Promise<void> {
    const running = this.#process;
    const pid = this.#pid;
    if (!running || pid === null) return;
    const reading = await this.#context.listeningPorts(pid, running.pgid).catch((error: unknown) => ({ ok: false as const, unavailable: String(error) }));
    if (this.#process !== running) return;
    this.#listening = reading.ok ? { ports: reading.value } : { unavailable: reading.unavailable };
    this.#portMismatch = reading.ok && this.#port !== null ? portMismatchFinding(this.name, this.#port, reading.value, this.spec.port?.variable ?? 'PORT') : null;
    const warning = portMismatchWarning(this.#portMismatch);
    if (warning && warning !== this.#portWarning) this.#context.logs.system(this.name, `warning: ${warning}`);
    this.#portWarning = warning;
    this.#context.onChange(this);
  }

  // Resolves when the service is ready (or has settled as unhealthy/crashed); never throws.
  start(): Promise<void> {
    this.#wantRunning = true;
    // One launch at a time: a start while one is under way (even one a stop caught before its spawn) joins it.
    if (this.#starting) {
      if (!this.#process && this.state === 'stopped') this.#set('starting', null);
      return this.#starting;
    }
    if (this.#process) return Promise.resolve();
    this.#clearRestartTimer();
    this.#starting = this.#launch().finally(() => { this.#starting = null; });
    return this.#starting;
  }

  async stop(): Promise<void> {
    this.#wantRunning = false;
    this.#clearRestartTimer();
    this.#waiting?.abort(new Error(`${this.name} was stopped`));
    this.#waiting = null;
    const running = this.#process;
    if (!running) {
      if (this.state !== 'stopped') this.#set('stopped', null);
      // A launch still before its spawn (allocating the port, resolving values) sees the stop and ends there.
      await this.#starting;
      return;
    }
    this.#set('stopping', `SIGTERM, then SIGKILL after ${this.spec.stopGraceSeconds} s`);
    this.#termSentAt = Date.now();
    await running.stop(this.spec.stopGraceSeconds * 1000);
    await this.#starting;
  }

  // Why: a second Ctrl+C: the service and its group end now, without their grace; a stop in progress then completes.
  kill(): void {
    this.#process?.kill();
  }

  async restart(): Promise<void> {
    await this.stop();
    this.#restarts = 0;
    await this.start();
  }

  // Waiting for dependencies is part of starting: the UI says what it waits for, and a stop aborts the wait.
  beginWaiting(): AbortSignal {
    this.#waiting?.abort(new Error('a newer wait replaced this one'));
    this.#waiting = new AbortController();
    return this.#waiting.signal;
  }

  markWaiting(message: string): void {
    this.#set('starting', message);
  }

  // The wait is over (met, failed or aborted).
  endWaiting(signal: AbortSignal): void {
    if (this.#waiting?.signal === signal) this.#waiting = null;
  }

  markBlocked(message: string): void {
    this.#set('stopped', message);
  }

  async #launch(): Promise<void> {
    this.#set('starting', null);
    this.#listening = null;
    this.#portMismatch = null;
    this.#portWarning = null;
    let port: number | null = null;
    if (this.spec.port) {
      const allocation = await this.#context.allocatePort(this.name);
      if (!allocation.ok) {
        this.#wantRunning = false;
        this.#set('crashed', allocation.message);
        this.#context.logs.system(this.name, `not started: ${allocation.message}`);
        return;
      }
      port = allocation.port;
      if (allocation.warning) this.#context.logs.system(this.name, `warning: ${allocation.warning}`);
    }
    if (this.#stoppedBeforeSpawn()) return;
    this.#port = port;
    const { env, values, shown, secretNeedles } = await this.#context.environmentFor(this.name, port);
    // Stopped while the environment was resolved (the launcher is closing): nothing is spawned after a stop.
    if (this.#stoppedBeforeSpawn()) return;
    const logFilePath = this.#context.logs.filePath(this.name);
    const substituted = this.#substitutedCommand(env, values, shown);
    if (!substituted) return;
    const [program = '', ...args] = substituted;
    const cwd = `${this.#context.root}/${this.spec.cwd}`;
    const command = resolveProgram(program, this.#context.root, env.PATH);
    const spawned = spawnServiceProcess({
      nodeBinary: this.#context.nodeBinary,
      command,
      args,
      cwd,
      env,
      graceMs: this.spec.stopGraceSeconds * 1000,
      logFile: logFilePath === null ? undefined : { path: logFilePath, secretNeedles },
    }, this.#context.warmKeeper?.(this.name));
    this.#process = spawned;
    const probe = this.probe;
    const timeoutMs = (this.spec.readiness?.timeoutSeconds ?? 30) * 1000;
    // The listening ports are read as soon as the probe's connection is accepted, while its answer comes: the ready status
    // says what the service listens on (read after its port opened) without a read of /proc between the answer and 'ready'.
    let portOpenRead: { at: number; done: Promise<void> } | undefined;
    const onPortOpen = () => {
      if (this.#pid !== null && (!portOpenRead || performance.now() - portOpenRead.at > RECENT_LISTENING_READ_MS)) {
        portOpenRead = { at: performance.now(), done: this.refreshListening() };
      }
    };
    const readiness = probe ? watchReadiness({ ...probe, timeoutMs, onPortOpen: port === null ? undefined : onPortOpen }) : undefined;
    spawned.stdout.on('data', (chunk: Buffer) => {
      this.#context.logs.ingest(this.name, 'stdout', chunk);
      readiness?.output(chunk, 'stdout');
    });
    spawned.stderr.on('data', (chunk: Buffer) => {
      this.#context.logs.ingest(this.name, 'stderr', chunk);
      readiness?.output(chunk, 'stderr');
    });
    spawned.stdout.on('end', () => this.#context.logs.endOfStream(this.name, 'stdout'));
    spawned.stderr.on('end', () => this.#context.logs.endOfStream(this.name, 'stderr'));
    // The service may exit on its own when this pipe closes: the launcher's own death closes it.
    spawned.stdin.on('error', () => {});
    // From the moment the program runs (the keeper's own boot does not count toward "exited within a second").
    let runningSince = Date.now();
    // The exit is handled once the spawn's outcome is known: a program that could not be run is not a crash.
    const spawnOutcome = spawned.spawned.then(() => undefined, (error: unknown) => error);
    const exitHandled = spawned.exited.then(async (exit) => {
      const failure = await spawnOutcome;
      const notStarted = failure === undefined
        ? undefined
        : describeSpawnFailure({ program, code: failure instanceof SpawnError ? failure.code : undefined, path: env.PATH, cwd });
      this.#onExit(spawned, exit, runningSince, readiness?.cancel, notStarted);
    });

    try {
      this.#pid = await spawned.spawned;
      runningSince = Date.now();
    } catch {
      readiness?.cancel();
      await exitHandled;
      return;
    }
    this.#startedAt = new Date();
    this.#context.onStarted(this.name, values);
    this.#context.logs.system(this.name, `started pid ${this.pid}${port !== null ? ` on port ${port}` : ''}`);
    this.#notify();
    if (port !== null) {
      await writeDiscovery(this.#context.root, {
        service: this.name, host: '127.0.0.1', port, url: `http://127.0.0.1:${port}`, pid: this.#pid, startedAt: this.#startedAt.toISOString(),
        pgid: spawned.pgid, runId: this.#context.runId, launcherPid: process.pid,
      }).catch((error: unknown) => this.#context.logs.system(this.name, `warning: could not write its discovery file: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (!readiness) {
      if (this.#process === spawned) this.#set('running', 'no readiness probe: it runs, and that is all Stackdeck can tell');
      return;
    }
    this.#set('starting', `waiting for readiness (${this.#probeWords() ?? ''})`);
    if (port !== null) void this.#watchPortsWhileStarting(spawned, readiness);
    const verdict = await readiness.result;
    if (this.#process !== spawned || this.#stopping()) return;
    // The ready status says what it listens on now, not a reading from before it opened its port (or none at all).
    const recentRead = portOpenRead && performance.now() - portOpenRead.at <= RECENT_LISTENING_READ_MS ? portOpenRead.done : undefined;
    if (verdict.ready && port !== null) await (recentRead ?? this.refreshListening());
    if (this.#process !== spawned || this.#stopping()) return;
    if (verdict.ready) this.#set('ready', null);
    else {
      this.#set('unhealthy', verdict.reason);
      this.#context.logs.system(this.name, `unhealthy: ${verdict.reason}`);
    }
    if (port !== null && !verdict.ready) void this.refreshListening();
    this.#watchHealth(spawned);
  }

  // The command with the service's variables in it (`--port ${PORT}`); a reference it cannot fill keeps it from starting.
  #substitutedCommand(env: Record<string, string>, values: Record<string, string>, shown: Record<string, string>): string[] | undefined {
    const command = substituteCommand(this.name, this.spec.command, env, Object.keys(values));
    if (!command.ok) {
      this.#wantRunning = false;
      this.#context.releasePort(this.name);
      this.#port = null;
      this.#set('crashed', `not started: ${command.message}`);
      this.#context.logs.system(this.name, `not started: ${command.message}`);
      return undefined;
    }
    const display = substituteCommand(this.name, this.spec.command, shown);
    this.#commandLine = quoteCommandLine((display.ok ? display.args : this.spec.command).map(maskEmbeddedCredentials));
    for (const { index, variable } of commandReferences(this.spec.command)) {
      if (shown[variable] !== env[variable]) {
        this.#context.logs.system(this.name, `warning: command[${index}] puts ${variable}, a secret, on the command line, where any local user can read it (ps); the environment is the safer way to pass it`);
      }
    }
    return command.args;
  }

  // While a service with a port starts, its listening ports are read: one that listens only elsewhere will never
  // answer on its port, so the wait ends at once with both ports and the fix instead of a timeout.
  async #watchPortsWhileStarting(spawned: ServiceProcess, readiness: ReadinessWatch): Promise<void> {
    let settled = false;
    void readiness.result.then(() => { settled = true; });
    let mismatched = 0;
    const interval = this.#context.portCheckIntervalMs ?? 500;
    while (!settled && this.#process === spawned) {
      await new Promise((resolve) => setTimeout(resolve, interval));
      if (settled || this.#process !== spawned) return;
      await this.refreshListening();
      mismatched = this.#portWarning ? mismatched + 1 : 0;
      if (this.#portWarning && mismatched >= MISMATCHED_READINGS_TO_GIVE_UP) readiness.fail(`not ready: ${this.#portWarning}`);
    }
  }

  // Ongoing health: a service that stops answering is unhealthy (and shown so), not killed.
  #watchHealth(spawned: ServiceProcess): void {
    const check = this.spec.healthCheck;
    if (!check || this.port === null) return;
    const url = `http://127.0.0.1:${this.port}${check.http}`;
    const tick = async () => {
      if (this.#process !== spawned || this.#stopping()) return;
      let problem: string | null = null;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        if (!response.ok) problem = `GET ${check.http} answered ${response.status}`;
      } catch (error) {
        problem = `GET ${check.http} failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (this.#process !== spawned || this.#stopping()) return;
      if (problem && this.state === 'ready') this.#set('unhealthy', problem);
      else if (!problem && this.state === 'unhealthy') this.#set('ready', null);
      this.#healthTimer = setTimeout(() => void tick(), check.intervalSeconds * 1000);
    };
    this.#healthTimer = setTimeout(() => void tick(), check.intervalSeconds * 1000);
  }

  #onExit(spawned: ServiceProcess, exit: ExitStatus, startedAt: number, cancelReadiness?: () => void, spawnFailure?: string): void {
    if (this.#process !== spawned) return;
    cancelReadiness?.();
    this.#process = null;
    if (this.#healthTimer) clearTimeout(this.#healthTimer);
    const diedBeforeListening = this.state === 'starting' ? this.port : null;
    const stopped = this.state === 'stopping' || !this.#wantRunning;
    this.#pid = null;
    this.#stats = null;
    this.#listening = null;
    this.#context.releasePort(this.name);
    this.#context.onStopped(this.name);
    void removeDiscovery(this.#context.root, this.name).catch(() => {});
    if (stopped) {
      const graceMs = this.spec.stopGraceSeconds * 1000;
      const forced = exit.signal === 'SIGKILL' && this.#termSentAt !== null && Date.now() - this.#termSentAt >= graceMs - 20;
      const note = forced ? `did not stop within ${this.spec.stopGraceSeconds} s of SIGTERM, so it was killed with SIGKILL` : null;
      this.#context.logs.system(this.name, note ?? `stopped (${describeExit(exit)})`);
      this.#port = null;
      this.#set('stopped', note);
      return;
    }
    const ranForMs = Date.now() - startedAt;
    // Not found, not executable: the user fixes that, a restart would only repeat it.
    const notStarted = spawnFailure ?? quickExitMeansNotStarted(exit, ranForMs);
    this.#restarts = restartsAfterStablePeriod(this.spec.restart, this.restarts, ranForMs);
    const decision = notStarted ? { restart: false as const, reason: 'it could not start; fix the command and start it again' } : decideRestart(this.spec.restart, exit, this.restarts);
    const restartAt = decision.restart ? new Date(Date.now() + decision.delayMs) : null;
    const reason = notStarted ?? describeExit(exit);
    this.#lastCrash = {
      service: this.name,
      at: new Date().toISOString(),
      exitCode: exit.code,
      signal: exit.signal,
      reason,
      lastStderr: this.#context.logs.recentStderr(this.name, STDERR_LINES_IN_CRASH),
      findings: this.#context.findingsFor(this.name).filter((finding) => finding.severity !== 'info'),
      restartAt: restartAt?.toISOString() ?? null,
    };
    if (diedBeforeListening !== null && !notStarted) void this.#explainLostPort(this.#lastCrash, diedBeforeListening);
    if (notStarted) {
      this.#wantRunning = false;
      this.#port = null;
      this.#context.logs.system(this.name, `${notStarted}; not restarting`);
      this.#set('crashed', notStarted);
      return;
    }
    this.#context.logs.system(this.name, `${reason}; ${decision.restart ? `restarting in ${decision.delayMs} ms (attempt ${decision.attempt} of ${this.spec.restart.maxRestarts})` : `not restarting: ${decision.reason}`}`);
    if (!decision.restart) {
      this.#port = null;
      this.#set('crashed', `${reason}; not restarting: ${decision.reason}`);
      return;
    }
    this.#restarts = decision.attempt;
    this.#set('restarting', `${reason}; restarting in ${(decision.delayMs / 1000).toFixed(1)} s`);
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      if (this.#wantRunning) void this.start();
    }, decision.delayMs);
  }

  // Added to the crash record once known: the check reads /proc, and the exit is handled without waiting for it.
  async #explainLostPort(crash: CrashRecord, port: number): Promise<void> {
    const note = await portTakenNote(this.name, port).catch(() => undefined);
    if (!note || this.lastCrash !== crash) return;
    crash.reason = `${crash.reason}; ${note}`;
    this.#context.logs.system(this.name, `${note}${this.state === 'restarting' ? '; the restart takes another port' : ''}`);
    this.#context.onChange(this);
  }

  // The probe in the stack file's words, also while stopped: "GET /health and log /ready/", "TCP connect to port 9200".
  #probeWords(): string | null {
    const readiness = this.spec.readiness;
    if (readiness) return [readiness.http && `GET ${readiness.http}`, readiness.log && `log /${readiness.log}/`].filter(Boolean).join(' and ');
    if (this.spec.port) return `TCP connect to ${this.#port === null ? 'its port' : `port ${this.#port}`}`;
    return null;
  }

  // Stopped while the launch awaited (the port, the values): nothing was spawned, the port goes back.
  #stoppedBeforeSpawn(): boolean {
    if (this.#wantRunning) return false;
    this.#context.releasePort(this.name);
    this.#port = null;
    if (this.state !== 'stopped') this.#set('stopped', null);
    return true;
  }

  // A method, not an inline comparison: the state changes across awaits, which narrowing does not see.
  #stopping(): boolean {
    return this.state === 'stopping';
  }

  #clearRestartTimer(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
  }

  #set(state: ServiceState, message: string | null): void {
    this.#state = state;
    this.#message = message;
    this.#notify();
  }

  #notify(): void {
    this.#context.onChange(this);
    for (const listener of this.#stateListeners) listener();
  }
}
