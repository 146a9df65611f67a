import type { AgentMonitorStatus, AgentRunDetail, AgentRunsView, AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { EngineError, type CommandResult, type EngineCommand, type EngineEvent, type EngineQuery, type QueryResult } from '../../shared/api/engine-contract.ts';
import type { LogLevel, LogLine } from '../../shared/api/logs.ts';
import type { CrashRecord, ServiceStatus, StackState } from '../../shared/api/service-status.ts';
import type { StackReport, VariableReport } from '../../shared/config/report.ts';
import { createMemoryEngine, type MemoryEngine } from '../../main/web/testing/memory-engine.ts';

// The in-memory engine of main/web/testing, with what a dashboard test (and the visual demo) also needs to stage:
// a crashed or stale service, a full configuration report with chains and findings, crash records, secrets to
// reveal, agent runs in every state, and log lines. Commands still go to the memory engine, which validates them
// and changes its state as the real engine would; what is staged here is laid over its answers.

export interface ScenarioEngine extends MemoryEngine {
  // Every command received, in order: a test proves a click reached the engine.
  readonly commands: EngineCommand[];
  // Replaces a service's status (merged over its current one) and emits serviceState, as the real engine does.
  setService(name: string, patch: Partial<ServiceStatus>): Promise<ServiceStatus>;
  setCrashRecords(service: string, records: CrashRecord[]): void;
  // The configuration report to answer with; overrides set through commands are laid over it.
  setConfig(report: StackReport): void;
  // The plain value revealValue answers for a secret.
  setSecret(service: string, key: string, value: string): void;
  setMonitor(status: AgentMonitorStatus, message?: string | null): void;
  // Adds or changes a run and emits the agentRuns view.
  putRun(run: AgentRunView): void;
  // Adds many runs at once, with one agentRuns view (a table of 10,000 runs).
  putRuns(runs: readonly AgentRunView[]): void;
  // What agentRunDetail answers for a run beside the run itself and the log lines carrying its id.
  putRunDetail(runId: string, detail: Omit<AgentRunDetail, 'run' | 'logs'>): void;
  // Appends log lines (numbered per service) and emits them as one chunk.
  pushLogs(service: string, lines: readonly (string | { text: string; level?: LogLevel | null; stream?: LogLine['stream'] })[], skipped?: number): void;
}

// Why: the dashboard's tests and demo need an engine double that can be put in any state the real engine reaches.
export function createScenarioEngine(serviceNames: readonly string[] = ['auth', 'backend']): ScenarioEngine {
  const base = createMemoryEngine(serviceNames);
  const listeners = new Set<(event: EngineEvent) => void>();
  const commands: EngineCommand[] = [];
  const overlay = new Map<string, ServiceStatus>();
  const crashRecords = new Map<string, CrashRecord[]>();
  const secrets = new Map<string, string>();
  const logs = new Map<string, LogLine[]>(serviceNames.map((name) => [name, []]));
  const runs = new Map<string, AgentRunView>();
  const details = new Map<string, Omit<AgentRunDetail, 'run' | 'logs'>>();
  let monitor: { status: AgentMonitorStatus; message: string | null } = { status: 'connected', message: null };
  let report: StackReport | undefined;

  const emit = (event: EngineEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const runsView = (): AgentRunsView => ({ ...monitor, runs: [...runs.values()].map((run) => ({ ...run })) });
  const appendLogs = (service: string, lines: Omit<LogLine, 'seq' | 'service'>[], skipped = 0) => {
    const stored = logs.get(service) ?? [];
    logs.set(service, stored);
    const first = (stored.at(-1)?.seq ?? -1) + 1 + skipped;
    const numbered = lines.map((line, index) => ({ ...line, service, seq: first + index }));
    stored.push(...numbered);
    emit({ type: 'log', chunk: { service, lines: numbered, skipped } });
  };

  base.subscribe((event) => {
    switch (event.type) {
      case 'serviceState':
        overlay.delete(event.status.name);
        emit(event);
        return;
      case 'log':
        appendLogs(event.chunk.service, event.chunk.lines.map(({ time, stream, text, level }) => ({ time, stream, text, level })));
        return;
      case 'agentRuns':
        for (const run of event.view.runs) if (!runs.has(run.run_id)) runs.set(run.run_id, run);
        emit({ type: 'agentRuns', view: runsView() });
        return;
      default:
        emit(event);
    }
  });

  const stackState = async (): Promise<StackState> => {
    const state = await base.query({ type: 'stackState' });
    return { ...state, services: state.services.map((status) => overlay.get(status.name) ?? status) };
  };

  const command = async (raw: EngineCommand): Promise<CommandResult> => {
    commands.push(structuredClone(raw));
    const staged = raw.type === 'rerunAgentRun' ? runs.get(raw.run_id) : undefined;
    if (raw.type === 'rerunAgentRun' && staged) {
      const started = await base.command({ type: 'startAgentRun', agent_name: staged.agent_name, scenario: raw.scenario ?? staged.scenario, count: 1 });
      return { message: `reran ${raw.run_id} as ${started.runIds?.join(', ') ?? '?'}`, runIds: started.runIds };
    }
    if (raw.type !== 'revealValue') return base.command(raw);
    try {
      return await base.command(raw);
    } catch (error) {
      const secret = secrets.get(`${raw.service}/${raw.key}`);
      if (secret === undefined) throw error;
      return { message: `${raw.key} revealed`, value: secret };
    }
  };

  const query = async <T extends EngineQuery['type']>(raw: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>> => {
    const answer = async (): Promise<unknown> => {
      const request = raw as EngineQuery;
      switch (request.type) {
        case 'stackState':
          return stackState();
        case 'config': {
          const withOverrides = await base.query({ type: 'config' });
          return report ? layOverrides(report, withOverrides) : withOverrides;
        }
        case 'logBacklog': {
          await base.query({ type: 'crashRecords', service: request.service });
          const lines = logs.get(request.service) ?? [];
          return { service: request.service, lines: lines.slice(-(request.limit ?? 5_000)), skipped: 0 };
        }
        case 'crashRecords':
          await base.query(request);
          return crashRecords.get(request.service) ?? [];
        case 'agentRuns':
          return runsView();
        case 'changeLog':
          return base.query(request);
        case 'agentRunDetail': {
          const run = runs.get(request.run_id);
          if (!run) return base.query(request);
          const lines = [...logs.values()].flat().filter((line) => line.text.includes(request.run_id));
          return { run, events: [], events_dropped: 0, host: null, loop_delay: [], ...details.get(request.run_id), logs: lines };
        }
      }
    };
    return (await answer()) as QueryResult<T>;
  };

  return {
    ...base,
    commands,
    command,
    query,
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    listenerCount: () => listeners.size,
    async setService(name, patch) {
      const current = (await stackState()).services.find((status) => status.name === name);
      if (!current) throw new EngineError('unknown_service', `no service "${name}"`);
      const status = { ...current, ...patch };
      overlay.set(name, status);
      emit({ type: 'serviceState', status });
      return status;
    },
    setCrashRecords(service, records) {
      crashRecords.set(service, records);
    },
    setConfig(next) {
      report = next;
    },
    setSecret(service, key, value) {
      secrets.set(`${service}/${key}`, value);
    },
    setMonitor(status, message = null) {
      monitor = { status, message };
      emit({ type: 'agentRuns', view: runsView() });
    },
    putRun(run) {
      runs.set(run.run_id, run);
      emit({ type: 'agentRuns', view: runsView() });
    },
    putRuns(many) {
      for (const run of many) runs.set(run.run_id, run);
      emit({ type: 'agentRuns', view: runsView() });
    },
    putRunDetail(runId, detail) {
      details.set(runId, detail);
    },
    pushLogs(service, lines, skipped = 0) {
      appendLogs(service, lines.map((line) => {
        const entry = typeof line === 'string' ? { text: line } : line;
        return { time: Date.now(), stream: entry.stream ?? 'stdout', text: entry.text, level: entry.level ?? null };
      }), skipped);
    },
  };
}

// The staged report, with the overrides the memory engine holds winning over each variable's chain.
function layOverrides(report: StackReport, overrides: StackReport): StackReport {
  return {
    ...report,
    profile: overrides.profile,
    services: report.services.map((service) => {
      const set = overrides.services.find((entry) => entry.name === service.name)?.variables ?? [];
      const variables: VariableReport[] = service.variables.map((variable) => {
        const override = set.find((entry) => entry.key === variable.key);
        if (!override) return variable;
        const previous = variable.source && variable.value !== null ? [{ value: variable.value, source: variable.source }] : [];
        return { ...variable, value: variable.secret ? '***' : override.value, source: { kind: 'override' }, shadowed: [...previous, ...variable.shadowed], valid: true };
      });
      const added = set.filter((entry) => !service.variables.some((variable) => variable.key === entry.key));
      return { ...service, variables: [...variables, ...added] };
    }),
  };
}
