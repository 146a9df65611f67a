import { join } from 'node:path';
import type { CommandResult, EngineEvent, ParsedStackCommand, QueryResult, StackApi, StackQuery } from '../../../shared/api/engine-contract.ts';
import { EngineError } from '../../../shared/api/engine-error.ts';
import type { CrashRecord, StackState } from '../../../shared/api/service-status.ts';
import type { Finding } from '../../../shared/config/finding.ts';
import { embeddedCredentials } from '../../../shared/config/mask.ts';
import type { Profile } from '../../../shared/config/profile.ts';
import type { StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { withRuleSeverities } from '../../../shared/config/validate.ts';
import type { AgentMonitor, AgentMonitorServices, AgentMonitorUrls } from '../agents/agent-monitor.ts';
import { cleanLeftovers } from '../discovery/clean-leftovers.ts';
import { allocatePort } from '../ports/allocate-port.ts';
import { secretNeedles } from '../logs/redact-secrets.ts';
import { createStackKeeperPool, type KeeperPool } from '../process/keeper-pool.ts';
import { resolveNodeBinary } from '../process/resolve-command.ts';
import { listeningPortsOfTree } from '../platform/listening-ports.ts';
import { createStatsSampler } from '../supervisor/process-stats.ts';
import { ServiceRunner } from '../supervisor/service-runner.ts';
import { childEnvironment, launcherValues, shownEnvironment } from './child-environment.ts';
import { attachChangeLog } from '../config/change-log.ts';
import type { LiveConfig } from '../config/live-config.ts';
import type { EngineLogs } from './engine-parts.ts';
import { servicesToStart, servicesToStop } from './stack-order.ts';
import { withRuntimeFindings } from './runtime-findings.ts';
import { waitForDependencies } from './wait-for-dependencies.ts';

export const LAUNCHER_LOG = 'stackdeck';
// Setting up the env-file watch (chokidar loads and reads every entry of the watched folders: tens of ms of CPU) waits for
// the first start to settle: done in the middle of a start, it slowed the services booting then (bench/launch: a
// dependent's boot took ~100 ms longer). Without a start it comes after WATCH_SETUP_DELAY_MS; a start that is still under
// way then (a slow service, a long readiness timeout) has it by WATCH_SETUP_LATEST_MS at the latest.
export const WATCH_SETUP_DELAY_MS = 1_000;
export const WATCH_SETUP_LATEST_MS = 10_000;

export interface EngineParts {
  root: string;
  stack: StackFile;
  parentEnv: Readonly<Record<string, string | undefined>>;
  config: LiveConfig;
  logs: EngineLogs;
  createAgentMonitor?: (target: { services: AgentMonitorServices; urls: () => AgentMonitorUrls }, events: { onEvent: (event: EngineEvent) => void }) => AgentMonitor;
  statsIntervalMs?: number;
  // How long the env-file watch waits for a first start to settle before it is set up anyway (default WATCH_SETUP_DELAY_MS).
  watchSetupDelayMs?: number;
  // A keeper pool already warming (startEngine starts it before reading the stack); the engine owns and closes it.
  keepers?: KeeperPool;
}

export interface Engine extends StackApi {
  readonly root: string;
  readonly stack: StackFile;
  readonly runners: ReadonlyMap<string, ServiceRunner>;
  // Stops every service (dependents first), then closes watchers, sockets and log files.
  close(): Promise<void>;
  // SIGKILL to every service's group at once (a second Ctrl+C while close() waits for their grace).
  kill(): void;
}

const MAX_CRASHES_KEPT = 20;

// Why: one engine behind every transport: it starts, supervises and stops the stack, and answers the contract.
export async function createEngine(parts: EngineParts): Promise<Engine> {
  const { root, stack, config, logs } = parts;
  // Marks this launcher's processes (their environment carries it) for the leftover check of a later launcher: unique, not
  // secret. Not node:crypto's random bytes: loading that module cost ~8 ms of every start, before the first service's spawn.
  const runId = `${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const listeners = new Set<(event: EngineEvent) => void>();
  const emit = (event: EngineEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the engine and the other listeners go on.
      }
    }
  };
  const crashes = new Map<string, CrashRecord[]>();
  const ports = new Map<string, number>();
  const lastPorts = new Map<string, number>();
  const nodeBinary = resolveNodeBinary(root, parts.parentEnv.PATH);
  const keepers = parts.keepers ?? createStackKeeperPool(root, parts.parentEnv);

  for (const note of await cleanLeftovers(root)) logs.system(LAUNCHER_LOG, note);

  const runners = new Map<string, ServiceRunner>();
  const runnerOf = (service: string): ServiceRunner => {
    const runner = runners.get(service);
    if (!runner) throw new EngineError('unknown_service', `no service '${service}' in this stack (services: ${[...runners.keys()].join(', ')})`);
    return runner;
  };
  const findingsFor = (service: string): Finding[] => {
    const validation = config.inspection.validation;
    return [
      ...(validation.services.find((entry) => entry.service === service)?.findings ?? []),
      ...validation.findings.filter((finding) => finding.services?.includes(service)),
    ];
  };

  for (const [name, spec] of Object.entries(stack.services)) {
    runners.set(name, new ServiceRunner(name, spec, {
      root,
      runId,
      nodeBinary,
      // The next keeper warms at once only while another start still waits for one (a dependent of this service): one
      // booting beside the service just started would slow that service's own boot.
      warmKeeper: (service) => keepers.take([...startTasks.keys()].some((name) => name !== service && runners.get(name)?.pid === null) ? 'now' : 'when-idle'),
      findingsFor,
      allocatePort: async (service) => {
        const portSpec = stack.services[service]?.port;
        if (!portSpec) return { ok: false, message: `${service} has no port in stackdeck.json` };
        const reserved = new Set([...ports].filter(([owner]) => owner !== service).map(([, port]) => port));
        // Without a pinned port, a restarted service gets its last port back when it is free: peers keep reaching it.
        const last = lastPorts.get(service);
        const spec = portSpec.preferred === undefined && last !== undefined ? { ...portSpec, preferred: last, ifTaken: 'another' as const } : portSpec;
        const allocation = await allocatePort(service, spec, reserved);
        if (allocation.ok) {
          ports.set(service, allocation.port);
          lastPorts.set(service, allocation.port);
        }
        if (allocation.ok && spec !== portSpec && allocation.warning) return { ok: true, port: allocation.port };
        return allocation;
      },
      releasePort: (service) => ports.delete(service),
      environmentFor: async (service, port) => {
        const serviceSpec = stack.services[service];
        await config.setLauncherValues(service, serviceSpec ? launcherValues(serviceSpec, port, (peer) => runners.get(peer)?.url ?? null) : {});
        const resolved = config.inspection.services.find((entry) => entry.service === service);
        const values = config.valuesFor(service);
        // Secret values whole, and the passwords inside any value (a cache URL a service prints must not show its password).
        const secretValues = (resolved?.variables ?? []).flatMap((variable) => (variable.value
          ? [...(variable.secret ? [variable.value] : []), ...embeddedCredentials(variable.value)]
          : []));
        logs.setSecrets(service, secretValues);
        const env = childEnvironment({ resolved: values, parentEnv: parts.parentEnv, runId, exitWithStdin: serviceSpec?.exitWithStdin ?? false });
        const secrets = new Set((resolved?.variables ?? []).filter((variable) => variable.secret).map((variable) => variable.key));
        return { env, values, shown: shownEnvironment(env, secrets), findings: findingsFor(service), secretNeedles: secretNeedles(secretValues) };
      },
      logs: {
        ingest: (service, stream, chunk) => logs.ingest(service, stream, chunk),
        endOfStream: (service, stream) => logs.endOfStream(service, stream),
        system: (service, text) => logs.system(service, text),
        filePath: (service) => logs.filePath(service),
        recentStderr: (service, count) => logs.backlog(service, 500).lines.filter((line) => line.stream === 'stderr').slice(-count).map((line) => line.text),
      },
      onChange: (runner) => {
        if (runner.lastCrash && crashes.get(runner.name)?.at(-1) !== runner.lastCrash) {
          crashes.set(runner.name, [...(crashes.get(runner.name) ?? []), runner.lastCrash].slice(-MAX_CRASHES_KEPT));
        }
        emit({ type: 'serviceState', status: runner.status() });
      },
      onStarted: (service, values) => {
        config.markStarted(service, values);
        runnerOf(service).setStaleKeys([]);
        // A peer may have moved (a new port after a restart): the services that point at it learn they are stale.
        void refreshPeerUrls(service);
      },
      onStopped: (service) => config.markStopped(service),
      listeningPorts: (pid, group) => listeningPortsOfTree(pid, group),
    }));
  }

  // Launcher values of every other running service, recomputed with the peers' current URLs.
  const refreshPeerUrls = async (changed: string) => {
    for (const [name, spec] of Object.entries(stack.services)) {
      const runner = runners.get(name);
      if (name === changed || !runner?.running || !Object.values(spec.peers).includes(changed)) continue;
      await config.setLauncherValues(name, launcherValues(spec, runner.port, (peer) => runners.get(peer)?.url ?? null)).catch(() => {});
    }
  };

  const unsubscribeDiff = config.onDiff((diff) => {
    for (const { service, keys } of diff.stale) {
      const runner = runners.get(service);
      runner?.setStaleKeys(keys);
    }
    for (const runner of runners.values()) {
      if (runner.running && !diff.stale.some((entry) => entry.service === runner.name)) runner.setStaleKeys([]);
      emit({ type: 'serviceState', status: runner.status() });
    }
    emit({ type: 'configChanged', diff });
  });
  // The session's change log: each env-file edit, what it changed and which findings it added or cleared.
  const { log: changeLog, detach: unsubscribeChangeLog } = attachChangeLog(config, (entry) => emit({ type: 'changeLogEntry', entry }));
  // The env files are watched once the first start has settled (see WATCH_SETUP_DELAY_MS): no start waits for the watch, nor
  // shares the machine with its set-up. An edit made before it is up, it finds by the files' stamps and reports as the watch
  // would have.
  let watching: Promise<void> | undefined;
  const watchEnvFiles = () => {
    clearTimeout(watchTimer);
    watching ??= config.watch().catch((error: unknown) => process.emitWarning(error instanceof Error ? error : new Error(String(error))));
  };
  const earliestMs = parts.watchSetupDelayMs ?? WATCH_SETUP_DELAY_MS;
  let watchTimer = setTimeout(() => {
    // A start under way sets the watch up as it settles (the start command's own end), or at the latest here.
    if (startTasks.size === 0) watchEnvFiles();
    else watchTimer = setTimeout(watchEnvFiles, Math.max(0, WATCH_SETUP_LATEST_MS - earliestMs)).unref();
  }, earliestMs);
  watchTimer.unref();

  // The agent monitor watches the service whose stack entry declares `agents`, and logs in through its `loginFrom`.
  const urlOfReady = (name: string | undefined) => {
    const runner = name === undefined ? undefined : runners.get(name);
    return runner && (runner.state === 'ready' || runner.state === 'unhealthy') ? runner.url ?? undefined : undefined;
  };
  const agentHost = Object.entries(stack.services).find(([, spec]) => spec.agents !== undefined);
  const monitor = agentHost && parts.createAgentMonitor?.({
    services: { host: agentHost[0], login: agentHost[1].agents?.loginFrom },
    urls: () => ({ host: urlOfReady(agentHost[0]), login: urlOfReady(agentHost[1].agents?.loginFrom) }),
  }, { onEvent: emit });

  const sample = createStatsSampler();
  const statsTimer = setInterval(() => {
    for (const runner of runners.values()) {
      if (runner.pid === null) continue;
      void sample(runner.pid).then((stats) => {
        if (stats) runner.updateStats(stats);
      });
      void runner.refreshListening();
    }
  }, parts.statsIntervalMs ?? 3_000);
  statsTimer.unref();

  // Closing (the launcher stops, maybe in the middle of a start): nothing more is started.
  let closing = false;
  // One start in flight per service: a second request (or a dependent) joins it rather than starting it twice.
  const startTasks = new Map<string, Promise<{ service: string; outcome: 'started' | 'already' | 'cancelled' } | { service: string; outcome: 'blocked'; problem: string }>>();
  const startOne = (name: string) => {
    const existing = startTasks.get(name);
    if (existing) return existing;
    if (closing) return Promise.resolve({ service: name, outcome: 'cancelled' as const });
    const runner = runnerOf(name);
    if (runner.running) return Promise.resolve({ service: name, outcome: 'already' as const });
    const dependencies = Object.entries(runner.spec.dependsOn).map(([dependency, condition]) => ({ service: runnerOf(dependency), condition }));
    const task = (async () => {
      if (dependencies.length > 0) {
        const signal = runner.beginWaiting();
        // Said at once (before any await): a dependent that looks at this service sees it starting, not stopped.
        runner.markWaiting(`waiting for ${dependencies.map(({ service, condition }) => `${service.name} to be ${condition === 'healthy' ? 'ready' : 'started'}`).join(' and ')}`);
        const waited = await waitForDependencies(dependencies, signal).finally(() => runner.endWaiting(signal));
        if (waited.outcome === 'cancelled') return { service: name, outcome: 'cancelled' as const };
        if (waited.outcome === 'failed') {
          runner.markBlocked(`not started: ${waited.problem}`);
          return { service: name, outcome: 'blocked' as const, problem: waited.problem };
        }
      }
      await runner.start();
      return { service: name, outcome: 'started' as const };
    })().finally(() => startTasks.delete(name));
    startTasks.set(name, task);
    return task;
  };

  // Every requested service at once, each behind its own dependencies: independent services start in parallel.
  const startServices = async (requested?: string): Promise<string> => {
    const outcomes = await Promise.all(servicesToStart(stack, requested).map(startOne));
    const named = (outcome: string) => outcomes.filter((entry) => entry.outcome === outcome).map((entry) => entry.service);
    const blocked = outcomes.flatMap((entry) => (entry.outcome === 'blocked' ? [`${entry.service} (${entry.problem})`] : []));
    return [
      named('started').length > 0 && `started ${named('started').join(', ')}`,
      blocked.length > 0 && `not started: ${blocked.join('; ')}`,
      named('cancelled').length > 0 && `stopped while waiting: ${named('cancelled').join(', ')}`,
    ].filter(Boolean).join('; ') || 'already running';
  };

  const stopServices = async (requested?: string): Promise<string> => {
    const names = servicesToStop(stack, requested);
    for (const name of names) await runnerOf(name).stop();
    return `stopped ${names.join(', ')}`;
  };

  const state = (): StackState => ({ profile: config.profile, root, services: [...runners.values()].map((runner) => runner.status()) });

  type CommandHandlers = { [K in ParsedStackCommand['type']]: (command: Extract<ParsedStackCommand, { type: K }>) => Promise<CommandResult> };
  const commandHandlers: CommandHandlers = {
    start: async (command) => {
      if (command.service) runnerOf(command.service);
      try {
        return { message: await startServices(command.service) };
      } finally {
        if (!closing) watchEnvFiles();
      }
    },
    stop: async (command) => {
      if (command.service) runnerOf(command.service);
      return { message: await stopServices(command.service) };
    },
    restart: async (command) => {
      if (command.service) {
        await runnerOf(command.service).stop();
        return { message: await startServices(command.service) };
      }
      await stopServices();
      return { message: await startServices() };
    },
    setOverride: async (command) => {
      runnerOf(command.service);
      await config.setOverride(command.service, command.key, command.value);
      return { message: `${command.key} of ${command.service} overridden for this run` };
    },
    clearOverride: async (command) => {
      runnerOf(command.service);
      await config.clearOverride(command.service, command.key);
      return { message: `override of ${command.key} for ${command.service} cleared` };
    },
    setProfile: async (command) => {
      await config.setProfile(command.profile as Profile);
      return { message: `profile is now ${command.profile}; running services keep their values until restarted` };
    },
    startAgentRun: async (command) => {
      if (!monitor) throw new EngineError('unavailable', 'the agent monitor is off in this launcher');
      const runIds = await monitor.startRuns(command.agent_name, command.scenario, command.count);
      return { message: `started ${runIds.length} run(s) of ${command.agent_name} (${command.scenario})`, runIds };
    },
    rerunAgentRun: async (command) => {
      if (!monitor) throw new EngineError('unavailable', 'the agent monitor is off in this launcher');
      const runIds = await monitor.rerun(command.run_id, command.scenario);
      const run = monitor.view().runs.find((candidate) => candidate.run_id === runIds[0]);
      return { message: `reran ${command.run_id} as ${runIds.join(', ')}${run ? ` (${run.agent_name}, ${run.scenario})` : ''}`, runIds };
    },
    revealValue: async (command) => {
      runnerOf(command.service);
      const variable = config.inspection.services.find((entry) => entry.service === command.service)?.variables.find((candidate) => candidate.key === command.key);
      if (!variable) throw new EngineError('invalid_request', `${command.service} has no variable ${command.key}`);
      logs.system(LAUNCHER_LOG, `revealed ${command.key} of ${command.service} on request`);
      return { message: variable.value === undefined ? `${command.key} has no value` : `${command.key} revealed`, value: variable.value ?? '' };
    },
    markChangesSeen: async (command) => {
      const seen = changeLog.markSeen(command.upTo);
      for (const entry of seen) emit({ type: 'changeLogEntry', entry });
      return { message: `${seen.length} change${seen.length === 1 ? '' : 's'} marked seen` };
    },
  };

  type QueryHandlers = { [K in StackQuery['type']]: (query: Extract<StackQuery, { type: K }>) => QueryResult<K> };
  const queryHandlers: QueryHandlers = {
    stackState: () => state(),
    config: () => withRuntimeFindings(config.report(), [...runners.values()].flatMap((runner) => withRuleSeverities(runner.runtimeFindings(), stack.rules))),
    logBacklog: (query) => {
      // The launcher's own notes (leftovers cleaned, values revealed) are a log of their own.
      if (query.service !== LAUNCHER_LOG) runnerOf(query.service);
      return logs.backlog(query.service, query.limit ?? 5_000);
    },
    crashRecords: (query) => {
      runnerOf(query.service);
      return crashes.get(query.service) ?? [];
    },
    agentRuns: () => monitor?.view() ?? { status: 'disabled', message: 'the agent monitor is off in this launcher', runs: [] },
    changeLog: () => changeLog.view(),
    agentRunDetail: (query) => {
      const detail = monitor?.detail(query.run_id);
      if (!detail || !agentHost) throw new EngineError('invalid_request', `no run ${query.run_id} is held by the agent monitor`);
      // The host's log lines that carry the run's id: its own account of the run, beside the monitor's.
      const lines = logs.backlog(agentHost[0], 20_000).lines.filter((line) => line.text.includes(query.run_id));
      return { ...detail, logs: lines.slice(-500) };
    },
  };

  const engine: Engine = {
    root,
    stack,
    runners,
    async command(raw): Promise<CommandResult> {
      const command = raw as ParsedStackCommand;
      // The handler map is keyed by every stack command type: a command without a handler does not compile.
      const handle = commandHandlers[command.type] as ((command: ParsedStackCommand) => Promise<CommandResult>) | undefined;
      // A session command (openStack) sent straight to one engine, bypassing the session, is refused, not crashed on.
      if (!handle) throw new EngineError('invalid_request', `${String(command.type)} is answered by the dashboard's session, not by one stack's engine`);
      return handle(command);
    },
    async query<T extends StackQuery['type']>(raw: Extract<StackQuery, { type: T }>): Promise<QueryResult<T>> {
      const query = raw as StackQuery;
      const handle = queryHandlers[query.type] as ((query: StackQuery) => QueryResult<T>) | undefined;
      if (!handle) throw new EngineError('invalid_request', `${String(query.type)} is answered by the dashboard's session, not by one stack's engine`);
      return handle(query);
    },
    subscribe(listener) {
      listeners.add(listener);
      const unsubscribeLogs = logs.subscribe((chunk) => listener({ type: 'log', chunk }));
      return () => {
        listeners.delete(listener);
        unsubscribeLogs();
      };
    },
    kill() {
      for (const runner of runners.values()) runner.kill();
    },
    async close() {
      closing = true;
      clearInterval(statsTimer);
      await stopServices().catch(() => {});
      keepers.close();
      unsubscribeDiff();
      unsubscribeChangeLog();
      await monitor?.stop();
      clearTimeout(watchTimer);
      await config.close();
      await watching;
      await logs.close();
      listeners.clear();
    },
  };
  return engine;
}

export function defaultStateDir(root: string): string {
  return join(root, '.stackdeck');
}
