import type { AgentScenario } from '../../../shared/api/agent-events.ts';
import type { AgentRunView } from '../../../shared/api/agent-runs-view.ts';
import type { ChangeLogEntry } from '../../../shared/api/change-log.ts';
import {
  EngineCommandSchema,
  EngineError,
  EngineQuerySchema,
  type CommandResult,
  type EngineApi,
  type EngineCommand,
  type EngineEvent,
  type EngineQuery,
  type QueryResult,
} from '../../../shared/api/engine-contract.ts';
import type { LogLine } from '../../../shared/api/logs.ts';
import type { RecentStack } from '../../../shared/api/recent-stacks.ts';
import type { ServiceStatus } from '../../../shared/api/service-status.ts';
import type { Profile } from '../../../shared/config/profile.ts';
import type { StackReport } from '../../../shared/config/report.ts';

// A small engine kept in memory: the transports' real peer in tests. It validates what it is sent as the real
// engine does, keeps state (services, overrides, logs, agent runs), answers queries from it, and emits an event
// for every change. Only processes are missing: a started service is "ready" at once.

export interface MemoryEngine extends EngineApi {
  // Pushes an event to every subscriber, as the real engine does when something happens on its own.
  emit(event: EngineEvent): void;
  listenerCount(): number;
  // The next command or query throws this instead of answering: what a bug in the engine looks like to a transport.
  breakNextCall(error: unknown): void;
  // Appends an entry to the change log (as an env-file edit would) and emits it; a regression waits to be seen.
  logChange(entry: Omit<ChangeLogEntry, 'id' | 'seen'>): ChangeLogEntry;
}

// Why: tests of a transport need a peer that genuinely answers and emits, without processes or files.
export function createMemoryEngine(serviceNames: readonly string[] = ['auth', 'backend']): MemoryEngine {
  const listeners = new Set<(event: EngineEvent) => void>();
  let profile: Profile = 'development';
  let pendingFault: { error: unknown } | undefined;
  let nextPid = 1000;
  const statuses = new Map<string, ServiceStatus>(serviceNames.map((name, index) => [name, stoppedStatus(name, index > 0 ? serviceNames[0] : undefined)]));
  const overrides = new Map<string, Map<string, string>>(serviceNames.map((name) => [name, new Map()]));
  const logs = new Map<string, LogLine[]>(serviceNames.map((name) => [name, []]));
  const runs: AgentRunView[] = [];
  const changeLog: ChangeLogEntry[] = [];
  let root = '/srv/stack';
  const recent: RecentStack[] = [];

  const emit = (event: EngineEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const throwIfBroken = () => {
    const fault = pendingFault;
    pendingFault = undefined;
    if (fault) throw fault.error;
  };
  const statusOf = (service: string): ServiceStatus => {
    const status = statuses.get(service);
    if (!status) throw new EngineError('unknown_service', `no service "${service}"; this stack has ${serviceNames.join(', ')}`);
    return status;
  };
  const log = (service: string, text: string) => {
    const lines = logs.get(service) ?? [];
    const line: LogLine = { service, seq: lines.length, time: Date.now(), stream: 'system', text, level: 'info' };
    lines.push(line);
    emit({ type: 'log', chunk: { service, lines: [line], skipped: 0 } });
  };
  const setState = (service: string, running: boolean, restarted = false) => {
    const before = statusOf(service);
    const port = running ? 4000 + serviceNames.indexOf(service) : null;
    const status: ServiceStatus = {
      ...before,
      state: running ? 'ready' : 'stopped',
      pid: running ? nextPid++ : null,
      port,
      url: port === null ? null : `http://127.0.0.1:${port}`,
      startedAt: running ? new Date().toISOString() : null,
      restarts: before.restarts + (restarted ? 1 : 0),
      staleKeys: [],
      message: running ? null : 'stopped',
      listening: port === null ? null : { ports: [port] },
    };
    statuses.set(service, status);
    emit({ type: 'serviceState', status });
    log(service, running ? `${service} ready on port ${port}` : `${service} stopped`);
  };
  const targets = (service: string | undefined) => (service === undefined ? serviceNames : [statusOf(service).name]);
  const runsView = () => ({ status: 'connected' as const, message: null, runs: runs.map((run) => ({ ...run })) });

  const runOf = (runId: string) => {
    const run = runs.find((candidate) => candidate.run_id === runId);
    if (!run) throw new EngineError('invalid_request', `no run ${runId} is held by the agent monitor`);
    return run;
  };
  const startRun = (agentName: string, scenario: AgentScenario): string => {
    const now = new Date().toISOString();
    const run: AgentRunView = {
      run_id: `run_${runs.length + 1}`, agent_name: agentName, scenario, state: 'RUNNING', started_at: now,
      last_heartbeat_at: null, heartbeats: 0, ended_at: null, death_cause: null, error: null, known: true,
      seen_at: now, beat_received_at: null, state_since: now, cause: null,
    };
    runs.push(run);
    emit({ type: 'agentEvent', event: { type: 'agent_started', run_id: run.run_id, agent_name: run.agent_name, timestamp: now, last_heartbeat_at: null, payload: { scenario: run.scenario, state: 'RUNNING' } } });
    return run.run_id;
  };

  const command = async (raw: EngineCommand): Promise<CommandResult> => {
    throwIfBroken();
    const parsed = EngineCommandSchema.safeParse(raw);
    if (!parsed.success) throw new EngineError('invalid_request', parsed.error.issues.map((issue) => issue.message).join('; '));
    const cmd = parsed.data;
    switch (cmd.type) {
      case 'start':
      case 'restart':
        for (const name of targets(cmd.service)) {
          if (cmd.type === 'start' && cmd.service && statusOf(name).state === 'ready') throw new EngineError('conflict', `${name} is already running`);
          setState(name, true, cmd.type === 'restart');
        }
        return { message: `${cmd.type === 'start' ? 'started' : 'restarted'} ${targets(cmd.service).join(', ')}` };
      case 'stop':
        for (const name of targets(cmd.service)) setState(name, false);
        return { message: `stopped ${targets(cmd.service).join(', ')}` };
      case 'setOverride':
      case 'clearOverride': {
        statusOf(cmd.service);
        const values = overrides.get(cmd.service) ?? new Map<string, string>();
        const before = values.get(cmd.key) ?? null;
        if (cmd.type === 'setOverride') values.set(cmd.key, cmd.value);
        else if (!values.delete(cmd.key)) throw new EngineError('invalid_request', `${cmd.service} has no override for ${cmd.key}`);
        const after = cmd.type === 'setOverride' ? cmd.value : null;
        emit({
          type: 'configChanged',
          diff: {
            at: new Date().toISOString(),
            files: [],
            changes: [{ service: cmd.service, key: cmd.key, before: { value: before, source: before === null ? null : { kind: 'override' } }, after: { value: after, source: after === null ? null : { kind: 'override' } } }],
            stale: statusOf(cmd.service).state === 'ready' ? [{ service: cmd.service, keys: [cmd.key] }] : [],
          },
        });
        return { message: `${cmd.type === 'setOverride' ? 'set' : 'cleared'} ${cmd.key} for ${cmd.service}` };
      }
      case 'setProfile':
        profile = cmd.profile;
        return { message: `profile is now ${profile}` };
      case 'startAgentRun': {
        const runIds = Array.from({ length: cmd.count }, () => startRun(cmd.agent_name, cmd.scenario));
        emit({ type: 'agentRuns', view: runsView() });
        return { message: `started ${runIds.length} run(s) of ${cmd.agent_name}`, runIds };
      }
      case 'rerunAgentRun': {
        const earlier = runOf(cmd.run_id);
        const runIds = [startRun(earlier.agent_name, cmd.scenario ?? earlier.scenario)];
        emit({ type: 'agentRuns', view: runsView() });
        return { message: `reran ${cmd.run_id} as ${runIds[0]}`, runIds };
      }
      case 'openStack': {
        // Folders are not read here: any root opens, and the real session's checks are tested with the session.
        root = cmd.root;
        recent.splice(0, recent.length, { root, openedAt: new Date().toISOString() }, ...recent.filter((entry) => entry.root !== root));
        emit({ type: 'stackOpened', root });
        return { message: `opened ${root}` };
      }
      case 'revealValue': {
        statusOf(cmd.service);
        const value = overrides.get(cmd.service)?.get(cmd.key);
        if (value === undefined) throw new EngineError('invalid_request', `${cmd.service} has no value for ${cmd.key}`);
        return { message: `${cmd.key} of ${cmd.service}`, value };
      }
      case 'markChangesSeen': {
        const seen = changeLog.filter((entry) => !entry.seen && (cmd.upTo === undefined || entry.id <= cmd.upTo));
        for (const entry of seen) {
          entry.seen = true;
          emit({ type: 'changeLogEntry', entry: { ...entry } });
        }
        return { message: `${seen.length} change(s) marked seen` };
      }
    }
  };

  const answer = (query: EngineQuery): unknown => {
    throwIfBroken();
    const parsed = EngineQuerySchema.safeParse(query);
    if (!parsed.success) throw new EngineError('invalid_request', parsed.error.issues.map((issue) => issue.message).join('; '));
    const q = parsed.data;
    switch (q.type) {
      case 'stackState':
        return { profile, root, services: [...statuses.values()] };
      case 'config':
        return configReport();
      case 'logBacklog': {
        statusOf(q.service);
        const lines = logs.get(q.service) ?? [];
        return { service: q.service, lines: lines.slice(-q.limit), skipped: 0 };
      }
      case 'crashRecords':
        statusOf(q.service);
        return [];
      case 'agentRuns':
        return runsView();
      case 'changeLog':
        return { limit: 500, entries: changeLog.map((entry) => ({ ...entry })) };
      case 'agentRunDetail': {
        const run = { ...runOf(q.run_id) };
        const lines = [...logs.values()].flat().filter((line) => line.text.includes(q.run_id));
        return { run, events: [], events_dropped: 0, host: null, loop_delay: [], logs: lines };
      }
      case 'recentStacks':
        return recent.map((entry) => ({ ...entry }));
    }
  };

  const configReport = (): StackReport => ({
    profile,
    healthScore: 100,
    findings: [],
    services: serviceNames.map((name) => ({
      name,
      healthScore: 100,
      findings: [],
      variables: [...(overrides.get(name) ?? new Map<string, string>())].map(([key, value]) => ({
        key, value, secret: false, declared: true, source: { kind: 'override' as const }, shadowed: [], valid: true,
      })),
    })),
  });

  return {
    command,
    query: async <T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>) => answer(query) as QueryResult<T>,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    emit,
    listenerCount: () => listeners.size,
    breakNextCall(error) {
      pendingFault = { error };
    },
    logChange(partial) {
      const entry: ChangeLogEntry = { ...partial, id: (changeLog.at(-1)?.id ?? 0) + 1, seen: !partial.regression };
      changeLog.push(entry);
      emit({ type: 'changeLogEntry', entry: { ...entry } });
      return { ...entry };
    },
  };
}

function stoppedStatus(name: string, dependsOn: string | undefined): ServiceStatus {
  return {
    name, state: 'stopped', pid: null, port: null, url: null, startedAt: null, restarts: 0,
    dependsOn: dependsOn ? [{ service: dependsOn, condition: 'healthy' }] : [],
    stats: null, staleKeys: [], lastCrash: null, message: 'not started', probe: 'GET /health', listening: null, portWarning: null,
  };
}
