import { z } from 'zod';
import { AgentStateSchema } from '../../shared/api/agent-events.ts';
import { StackCommandSchema, StackQuerySchema, type ParsedStackCommand, type StackQuery } from '../../shared/api/engine-contract.ts';
import { LogLevelSchema } from '../../shared/api/logs.ts';

// Every tool's input, made from the engine contract's own schemas: a field the dashboard may not send, an agent may not either.

type CommandOption<T extends ParsedStackCommand['type']> = Extract<(typeof StackCommandSchema.options)[number], { shape: { type: z.ZodLiteral<T> } }>;
type QueryOption<T extends StackQuery['type']> = Extract<(typeof StackQuerySchema.options)[number], { shape: { type: z.ZodLiteral<T> } }>;

// Why: one contract command's schema by its type, so a tool's fields are the command's fields.
export function commandSchema<T extends ParsedStackCommand['type']>(type: T): CommandOption<T> {
  const option = StackCommandSchema.options.find((candidate) => candidate.shape.type.value === type);
  if (!option) throw new Error(`the engine contract has no command '${type}'`);
  return option as CommandOption<T>;
}

// Why: as commandSchema, for queries.
export function querySchema<T extends StackQuery['type']>(type: T): QueryOption<T> {
  const option = StackQuerySchema.options.find((candidate) => candidate.shape.type.value === type);
  if (!option) throw new Error(`the engine contract has no query '${type}'`);
  return option as QueryOption<T>;
}

const service = commandSchema('revealValue').shape.service.describe('A service of this stack, as list_services names it');

// One service, named: an agent starts, stops or restarts one service at a time (never "all", which would reach the excluded).
const OneService = z.object({ service }).strict();

// One service's variable, named as the contract names it (the contract's reveal command itself is never sent from here).
const OneVariable = commandSchema('revealValue').omit({ type: true }).extend({
  service,
  key: commandSchema('revealValue').shape.key.describe('The variable, e.g. DATABASE_URL'),
});

const logBacklog = querySchema('logBacklog');
const LogFilter = logBacklog.omit({ type: true }).extend({
  service,
  // The contract's bounds, read here as "the last N lines that pass the filters"; fewer by default, for an agent's context.
  limit: logBacklog.shape.limit.unwrap().default(200).describe('At most this many lines: the last ones that pass the filters'),
  level: LogLevelSchema.optional().describe('Only lines at this level or above (lines without a recognised level are left out)'),
});

export const LogSearchSchema = LogFilter.extend({
  query: z.string().min(1, 'query must not be empty').max(1_000, 'query is at most 1000 characters').describe('Text to find (case-insensitive), or a JavaScript regular expression when regex is true'),
  regex: z.boolean().default(false).describe('Read query as a regular expression'),
}).strict().superRefine((input, context) => {
  if (!input.regex) return;
  try {
    new RegExp(input.query, 'i');
  } catch (error) {
    context.addIssue({ code: 'custom', path: ['query'], message: `query is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` });
  }
});

// The input of every tool, by name.
export const TOOL_INPUTS = {
  list_services: z.object({}).strict(),
  start_service: OneService,
  stop_service: OneService,
  restart_service: OneService,
  read_logs: LogFilter.strict(),
  search_logs: LogSearchSchema,
  get_variable: OneVariable,
  check: commandSchema('setProfile').omit({ type: true }).partial().describe('Without profile: the findings the running engine shows now'),
  list_agent_runs: querySchema('agentRuns').omit({ type: true }).extend({
    state: AgentStateSchema.optional().describe('Only runs in this state'),
    limit: z.number().int().min(1).max(1_000).default(50).describe('At most this many runs, the most recently started'),
  }).strict(),
  start_agent_runs: commandSchema('startAgentRun').omit({ type: true }),
} as const;

export type ToolName = keyof typeof TOOL_INPUTS;
export type ToolInput<T extends ToolName> = z.output<(typeof TOOL_INPUTS)[T]>;
