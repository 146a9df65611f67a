import type { Finding } from '../../../shared/config/finding.ts';
import type { CrashRecord, ServiceState, ServiceStatus } from '../../../shared/api/service-status.ts';
import type { StackServiceSpec } from '../../../shared/stack/stack-file-schema.ts';
import { removeDiscovery, writeDiscovery } from '../discovery/discovery-files.ts';
import { resolveProgram } from '../process/resolve-command.ts';
import { spawnServiceProcess, type ExitStatus, type KeeperProcess, type ServiceProcess } from '../process/spawn-service-process.ts';
import type { ProcessStats } from './process-stats.ts';
import { portTakenNote } from './port-taken-note.ts';
import { watchReadiness } from './readiness.ts';
import { decideRestart, describeExit, restartsAfterStablePeriod } from './restart-policy.ts';

// What a runner needs from the engine: ports, the isolated environment, logs, findings, and where to report.
export interface RunnerContext {
  root: string;
  runId: string;
  nodeBinary: string;
  // A warm keeper when one is ready (services start without waiting for a Node process to boot).
  warmKeeper?: () => KeeperProcess | undefined;
  allocatePort: (service: string) => Promise<{ ok: true; port: number; warning?: string } | { ok: false; message: string }>;
  releasePort: (service: string) => void;
  // The child's whole environment for this start (resolved values, system allowlist, launcher control variables).
  // secretNeedles: what the log redacts for this start (the keeper redacts the same if it writes the log itself).
  environmentFor: (service: string, port: number | null) => Promise<{ env: Record<string, string>; values: Record<string, string>; findings: Finding[]; secretNeedles: string[] }>;
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
}

const STDERR_LINES_IN_CRASH = 20;

// Why: one service's life (start, readiness, health, crash, back-off, stop) as a small state machine the UI can read.
export class ServiceRunner {
  readonly name: string;
  readonly spec: StackServiceSpec;
  state: ServiceState = 'stopped';
  pid: number | null = null;
  port: number | null = null;
  startedAt: Date | null = null;
  restarts = 0;
  lastCrash: CrashRecord | null = null;
  message: string | null = null;
  stats: ProcessStats | null = null;
  staleKeys: string[] = [];
  #context: RunnerContext;
  #process: ServiceProcess | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #healthTimer: NodeJS.Timeout | null = null;
  #wantRunning = false;
  #starting: Promise<void> | null = null;
  // When the last stop sent SIGTERM: an exit by SIGKILL a grace period later means the service ignored it.
  #termSentAt: number | null = null;

  constructor(name: string, spec: StackServiceSpec, context: RunnerContext) {
    this.name = name;
    this.spec = spec;
    this.#context = context;
  }

  get url(): string | null {
    return this.port === null ? null : `http://127.0.0.1:${this.port}`;
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
      staleKeys: this.staleKeys,
      lastCrash: this.lastCrash,
      message: this.message,
    };
  }

  // Resolves when the service is ready (or has settled as unhealthy/crashed); never throws.
  start(): Promise<void> {
    this.#wantRunning = true;
    if (this.#process) return this.#starting ?? Promise.resolve();
    this.#clearRestartTimer();
    this.#starting = this.#launch().finally(() => { this.#starting = null; });
    return this.#starting;
  }

  async stop(): Promise<void> {
    this.#wantRunning = false;
    this.#clearRestartTimer();
    const running = this.#process;
    if (!running) {
      // A start still before its spawn (a port, the environment) gives up at its next step: wait for that.
      await this.#starting;
      if (this.state !== 'stopped') this.#set('stopped', null);
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
    this.restarts = 0;
    await this.start();
  }

  // Waiting for a dependency is part of starting: the UI says what it waits for.
  markWaiting(message: string): void {
    this.#set('starting', message);
  }

  markBlocked(message: string): void {
    this.#set('stopped', message);
  }

  async #launch(): Promise<void> {
    this.#set('starting', null);
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
    this.port = port;
    if (!this.#wantRunning) return this.#abandonStart();
    const { env, values, secretNeedles } = await this.#context.environmentFor(this.name, port);
    // Stopped while the environment was resolved (the launcher is closing): nothing is spawned after a stop.
    if (!this.#wantRunning) return this.#abandonStart();
    const logFilePath = this.#context.logs.filePath(this.name);
    const [program, ...args] = this.spec.command;
    const spawned = spawnServiceProcess({
      nodeBinary: this.#context.nodeBinary,
      command: resolveProgram(program ?? '', this.#context.root, env.PATH),
      args,
      cwd: `${this.#context.root}/${this.spec.cwd}`,
      env,
      graceMs: this.spec.stopGraceSeconds * 1000,
      logFile: logFilePath === null ? undefined : { path: logFilePath, secretNeedles },
    }, this.#context.warmKeeper?.());
    this.#process = spawned;
    const readiness = this.spec.readiness
      ? watchReadiness({
        url: this.spec.readiness.http && port !== null ? `http://127.0.0.1:${port}${this.spec.readiness.http}` : undefined,
        logPattern: this.spec.readiness.log ? new RegExp(this.spec.readiness.log) : undefined,
        timeoutMs: this.spec.readiness.timeoutSeconds * 1000,
      })
      : undefined;
    spawned.stdout.on('data', (chunk: Buffer) => {
      this.#context.logs.ingest(this.name, 'stdout', chunk);
      readiness?.output(chunk.toString('utf8'), 'stdout');
    });
    spawned.stderr.on('data', (chunk: Buffer) => {
      this.#context.logs.ingest(this.name, 'stderr', chunk);
      readiness?.output(chunk.toString('utf8'), 'stderr');
    });
    spawned.stdout.on('end', () => this.#context.logs.endOfStream(this.name, 'stdout'));
    spawned.stderr.on('end', () => this.#context.logs.endOfStream(this.name, 'stderr'));
    // The service may exit on its own when this pipe closes: the launcher's own death closes it.
    spawned.stdin.on('error', () => {});
    const startedAt = Date.now();
    void spawned.exited.then((exit) => this.#onExit(spawned, exit, startedAt, readiness?.cancel));

    try {
      this.pid = await spawned.spawned;
    } catch (error) {
      this.#context.logs.system(this.name, `could not start: ${error instanceof Error ? error.message : String(error)}`);
      readiness?.cancel();
      return;
    }
    this.startedAt = new Date();
    this.#context.onStarted(this.name, values);
    this.#context.logs.system(this.name, `started pid ${this.pid}${port !== null ? ` on port ${port}` : ''}`);
    if (port !== null) {
      await writeDiscovery(this.#context.root, {
        service: this.name, host: '127.0.0.1', port, url: `http://127.0.0.1:${port}`, pid: this.pid, startedAt: this.startedAt.toISOString(),
        pgid: spawned.pgid, runId: this.#context.runId, launcherPid: process.pid,
      }).catch((error: unknown) => this.#context.logs.system(this.name, `warning: could not write its discovery file: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (!readiness) {
      if (this.#process === spawned) this.#set('ready', null);
    } else {
      this.#set('starting', `waiting for readiness (${[this.spec.readiness?.http && `GET ${this.spec.readiness.http}`, this.spec.readiness?.log && `log /${this.spec.readiness.log}/`].filter(Boolean).join(' and ')})`);
      const verdict = await readiness.result;
      if (this.#process !== spawned || this.state === 'stopping') return;
      if (verdict.ready) this.#set('ready', null);
      else {
        this.#set('unhealthy', verdict.reason);
        this.#context.logs.system(this.name, `unhealthy: ${verdict.reason}`);
      }
    }
    this.#watchHealth(spawned);
  }

  #abandonStart(): void {
    if (this.port !== null) this.#context.releasePort(this.name);
    this.port = null;
    this.#set('stopped', null);
  }

  // Ongoing health: a service that stops answering is unhealthy (and shown so), not killed.
  #watchHealth(spawned: ServiceProcess): void {
    const check = this.spec.healthCheck;
    if (!check || this.port === null) return;
    const url = `http://127.0.0.1:${this.port}${check.http}`;
    const tick = async () => {
      if (this.#process !== spawned || this.state === 'stopping') return;
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

  #onExit(spawned: ServiceProcess, exit: ExitStatus, startedAt: number, cancelReadiness?: () => void): void {
    if (this.#process !== spawned) return;
    cancelReadiness?.();
    this.#process = null;
    if (this.#healthTimer) clearTimeout(this.#healthTimer);
    const diedBeforeListening = this.state === 'starting' ? this.port : null;
    const stopped = this.state === 'stopping' || !this.#wantRunning;
    this.pid = null;
    this.stats = null;
    this.#context.releasePort(this.name);
    this.#context.onStopped(this.name);
    void removeDiscovery(this.#context.root, this.name).catch(() => {});
    if (stopped) {
      const graceMs = this.spec.stopGraceSeconds * 1000;
      const forced = exit.signal === 'SIGKILL' && this.#termSentAt !== null && Date.now() - this.#termSentAt >= graceMs - 20;
      const note = forced ? `did not stop within ${this.spec.stopGraceSeconds} s of SIGTERM, so it was killed with SIGKILL` : null;
      this.#context.logs.system(this.name, note ?? `stopped (${describeExit(exit)})`);
      this.port = null;
      this.#set('stopped', note);
      return;
    }
    this.restarts = restartsAfterStablePeriod(this.spec.restart, this.restarts, Date.now() - startedAt);
    const decision = decideRestart(this.spec.restart, exit, this.restarts);
    const restartAt = decision.restart ? new Date(Date.now() + decision.delayMs) : null;
    this.lastCrash = {
      service: this.name,
      at: new Date().toISOString(),
      exitCode: exit.code,
      signal: exit.signal,
      reason: describeExit(exit),
      lastStderr: this.#context.logs.recentStderr(this.name, STDERR_LINES_IN_CRASH),
      findings: this.#context.findingsFor(this.name).filter((finding) => finding.severity !== 'info'),
      restartAt: restartAt?.toISOString() ?? null,
    };
    if (diedBeforeListening !== null) void this.#explainLostPort(this.lastCrash, diedBeforeListening);
    this.#context.logs.system(this.name, `${describeExit(exit)}; ${decision.restart ? `restarting in ${decision.delayMs} ms (attempt ${decision.attempt} of ${this.spec.restart.maxRestarts})` : `not restarting: ${decision.reason}`}`);
    if (!decision.restart) {
      this.port = null;
      this.#set('crashed', `${describeExit(exit)}; not restarting: ${decision.reason}`);
      return;
    }
    this.restarts = decision.attempt;
    this.#set('restarting', `${describeExit(exit)}; restarting in ${(decision.delayMs / 1000).toFixed(1)} s`);
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

  // A method, not an inline comparison: the state changes across awaits, which narrowing does not see.
  #stopping(): boolean {
    return this.state === 'stopping';
  }

  #clearRestartTimer(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
  }

  #set(state: ServiceState, message: string | null): void {
    this.state = state;
    this.message = message;
    this.#context.onChange(this);
  }
}
