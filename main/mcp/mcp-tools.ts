import type { Finding, Severity } from '../../shared/config/finding.ts';
import type { Profile } from '../../shared/config/profile.ts';
import { closestKey } from '../../shared/config/closest-key.ts';
import type { StackReport } from '../../shared/config/report.ts';
import { describeSource, precedenceReason } from '../../shared/config/source.ts';
import type { StackFile } from '../../shared/stack/stack-file-schema.ts';
import { searchLogLines } from './log-search.ts';
import { ToolRefusal, type ServiceVisibility } from './service-visibility.ts';
import type { LinkedEngine, StackLink } from './stack-link.ts';
import type { ToolInput, ToolName } from './tool-inputs.ts';

export interface ToolContext {
  link: StackLink;
  stack: Pick<StackFile, 'services'>;
  visibility: ServiceVisibility;
  // `stackdeck check --profile P` of this stack, as the CLI computes it (files only, no engine).
  checkReport: (profile: Profile) => Promise<StackReport>;
}

// What every tool answers: a JSON object (the MCP result's structuredContent, and its text).
export type ToolAnswer = Record<string, unknown>;

interface ToolDefinition<K extends ToolName> {
  description: string;
  // Reads only: an MCP client may run it without asking the user.
  readOnly: boolean;
  run: (input: ToolInput<K>, context: ToolContext) => Promise<ToolAnswer>;
}

// The backlog a log tool reads: the contract's largest, so that "the last N matches" looks through all the engine keeps.
const WHOLE_BACKLOG = 100_000;

export type ToolMap = { [K in ToolName]: ToolDefinition<K> };

// Why: one entry per tool name, typed by it: a tool without its definition (or a definition for no tool) does not compile.
export const TOOLS: ToolMap = {
  list_services: {
    description: 'The services of this stack: state (stopped, starting, running, ready, unhealthy, crashed, restarting, stopping), pid, the allocated port and URL, the TCP ports its processes listen on, restarts, the last crash (exit code, signal, reason, last stderr lines with secrets redacted, failing config findings), and how the engine is reached.',
    readOnly: true,
    run: async (_input, context) => {
      const { requester, via } = await context.link.engine();
      const state = await requester.query({ type: 'stackState' });
      return {
        root: state.root,
        profile: state.profile,
        engine: via,
        services: state.services.filter((service) => context.visibility.visible.includes(service.name)),
        ...(context.visibility.excluded.length > 0 ? { excludedFromMcp: context.visibility.excluded.length } : {}),
      };
    },
  },
  start_service: serviceCommand('start', 'Start one service (and what it depends on, in order); answers when it runs or is ready, with its state.'),
  stop_service: serviceCommand('stop', 'Stop one service (and the services that depend on it, first): SIGTERM, grace period, SIGKILL; answers with its state.'),
  restart_service: serviceCommand('restart', 'Stop then start one service, with freshly resolved variables; answers with its state.'),
  read_logs: {
    description: "The last lines of a service's log (stdout, stderr and the launcher's own notes), colour codes removed, secrets redacted; optionally only lines at a level or above.",
    readOnly: true,
    run: async (input, context) => readLogs(input.service, input, context),
  },
  search_logs: {
    description: "Search a service's log for text (case-insensitive) or a regular expression (regex: true); the last `limit` matching lines, optionally at a level or above, with how many matched and how many were searched.",
    readOnly: true,
    run: async (input, context) => readLogs(input.service, input, context),
  },
  get_variable: {
    description: 'One variable of a service as `stackdeck env SERVICE KEY` shows it: its value (secrets masked), the source that set it (file:line, OS environment, launcher, override, fallback, default), the values it shadowed in order, why the winner wins, and its findings.',
    readOnly: true,
    run: async (input, context) => {
      const { requester, via } = await engineFor(context, input.service);
      const report = await requester.query({ type: 'config' });
      const service = report.services.find((entry) => entry.name === input.service);
      const variable = service?.variables.find((entry) => entry.key === input.key);
      if (!service || !variable) {
        const near = closestKey(input.key, service?.variables.map((entry) => entry.key) ?? []);
        throw new ToolRefusal(`${input.service} has no variable ${input.key}${near ? `; did you mean ${near}?` : ''}`);
      }
      const chain = variable.source ? [{ value: variable.value ?? '', source: variable.source }, ...variable.shadowed] : [];
      const [winner, runnerUp] = chain;
      return {
        service: input.service,
        profile: report.profile,
        engine: via,
        variable,
        chain: chain.map((entry, position) => ({ source: describeSource(entry.source), value: entry.value, wins: position === 0 })),
        why: winner && runnerUp ? precedenceReason(winner.source, runnerUp.source) : null,
        findings: service.findings.filter((finding) => finding.key === input.key),
      };
    },
  },
  check: {
    description: "The findings of `stackdeck check` (rule, severity, service, key, message, suggestion, file:line) per service and across services, with health scores. Without profile: what the running engine shows now (overrides and launcher values included); with a profile: `stackdeck check --profile P` from the files.",
    readOnly: true,
    run: async (input, context) => {
      let report: StackReport;
      let source: string;
      if (input.profile === undefined) {
        const { requester, via } = await context.link.engine();
        report = await requester.query({ type: 'config' });
        source = via;
      } else {
        report = await context.checkReport(input.profile);
        source = `stackdeck check --profile ${input.profile} (the files, no engine)`;
      }
      const shown = context.visibility.filterReport(report);
      const all = [...shown.findings, ...shown.services.flatMap((service) => service.findings)];
      return {
        profile: shown.profile,
        source,
        healthScore: shown.healthScore,
        counts: countBySeverity(all),
        services: shown.services.map((service) => ({ name: service.name, healthScore: service.healthScore, findings: service.findings })),
        findings: shown.findings,
      };
    },
  },
  list_agent_runs: {
    description: "The agent runs the stack's agent host reports (newest first): state (PENDING, RUNNING, UNRESPONSIVE, COMPLETED, FAILED, DEAD, TIMED_OUT), scenario, start, last heartbeat, heartbeat count, end, death cause and error; and whether the monitor is connected.",
    readOnly: true,
    run: async (input, context) => {
      const { requester, via } = await engineFor(context, agentHost(context));
      const view = await requester.query({ type: 'agentRuns' });
      const matching = view.runs.filter((run) => input.state === undefined || run.state === input.state)
        .sort((a, b) => b.started_at.localeCompare(a.started_at));
      return { status: view.status, message: view.message, engine: via, total: matching.length, runs: matching.slice(0, input.limit) };
    },
  },
  start_agent_runs: {
    description: 'Start agent runs on the agent host, as the dashboard does: an agent name, a scenario (normal, slow, hang, crash, silent) and a count (1-50); answers with the run ids.',
    readOnly: false,
    run: async (input, context) => {
      const { requester, via } = await engineFor(context, agentHost(context));
      const result = await requester.command({ type: 'startAgentRun', ...input });
      return { message: result.message, runIds: result.runIds ?? [], engine: via };
    },
  },
};

function serviceCommand(type: 'start' | 'stop' | 'restart', description: string): ToolDefinition<'start_service' | 'stop_service' | 'restart_service'> {
  return {
    description,
    readOnly: false,
    run: async (input, context) => {
      const { requester, via } = await engineFor(context, input.service);
      const result = await requester.command({ type, service: input.service });
      const state = await requester.query({ type: 'stackState' });
      return { message: result.message, engine: via, service: state.services.find((service) => service.name === input.service) ?? null };
    },
  };
}

async function readLogs(service: string, filter: ToolInput<'search_logs'> | ToolInput<'read_logs'>, context: ToolContext): Promise<ToolAnswer> {
  const { requester, via } = await engineFor(context, service);
  const chunk = await requester.query({ type: 'logBacklog', service, limit: WHOLE_BACKLOG });
  const result = searchLogLines(chunk.lines, filter);
  return { service, engine: via, ...result, ...(chunk.skipped > 0 ? { droppedBeforeBacklog: chunk.skipped } : {}) };
}

// The engine to ask about one service, once the agent may see it.
async function engineFor(context: ToolContext, service: string): Promise<LinkedEngine> {
  context.visibility.require(service);
  return context.link.engine();
}

// The runs belong to the service that declares `agents`: excluded, its runs are too.
function agentHost(context: ToolContext): string {
  const host = Object.entries(context.stack.services).find(([, spec]) => spec.agents !== undefined)?.[0];
  if (host === undefined) throw new ToolRefusal('no service of this stack declares `agents` in stackdeck.json: there are no agent runs to see');
  return host;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
