import { z } from 'zod';
import { ENGINE_ERROR_CODES } from './engine-error.ts';
import { ProfileSchema } from '../config/profile.ts';
import { StackReportSchema } from '../config/report-schema.ts';
import { AgentEventSchema, AgentScenarioSchema } from './agent-events.ts';
import { AgentRunDetailSchema, AgentRunsChangesSchema, AgentRunsViewSchema } from './agent-runs-view.ts';
import { ChangeLogEntrySchema, ChangeLogSchema } from './change-log.ts';
import { ConfigDiffSchema } from './config-diff.ts';
import { LogChunkSchema } from './logs.ts';
import { RecentStacksSchema } from './recent-stacks.ts';
import { CrashRecordSchema, ServiceStatusSchema, StackStateSchema } from './service-status.ts';

// The transports and the renderer take the engine's error from here, with the schemas it travels in.
export { ENGINE_ERROR_CODES, EngineError, type EngineErrorCode } from './engine-error.ts';

// The one contract between the engine and every client (Electron IPC, browser mode, CLI). Browser-safe: zod only.

const serviceName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a service name is lower-case letters, digits and dashes').max(64);
const variableKey = z.string().regex(/^[\w.-]+$/, 'a variable name is letters, digits, _ . -').max(256);

// What one stack's engine answers: its services, configuration, logs and agent runs.
export const StackCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), service: serviceName.optional() }).strict(),
  z.object({ type: z.literal('stop'), service: serviceName.optional() }).strict(),
  z.object({ type: z.literal('restart'), service: serviceName.optional() }).strict(),
  z.object({ type: z.literal('setOverride'), service: serviceName, key: variableKey, value: z.string().max(64 * 1024) }).strict(),
  z.object({ type: z.literal('clearOverride'), service: serviceName, key: variableKey }).strict(),
  z.object({ type: z.literal('setProfile'), profile: ProfileSchema }).strict(),
  z.object({ type: z.literal('startAgentRun'), agent_name: z.string().trim().min(1).max(100), scenario: AgentScenarioSchema, count: z.number().int().min(1).max(50).default(1) }).strict(),
  // A run started again under its agent name: with its own scenario, or the one given.
  z.object({ type: z.literal('rerunAgentRun'), run_id: z.string().min(1).max(200), scenario: AgentScenarioSchema.optional() }).strict(),
  // An explicit user action: the one way a secret value leaves the engine unmasked.
  z.object({ type: z.literal('revealValue'), service: serviceName, key: variableKey }).strict(),
  // The user has seen the change log's regressions up to this entry (all of them without an id): their notice goes.
  z.object({ type: z.literal('markChangesSeen'), upTo: z.number().int().positive().optional() }).strict(),
]);
export type StackCommand = z.input<typeof StackCommandSchema>;
export type ParsedStackCommand = z.output<typeof StackCommandSchema>;

// What the session above the engines answers: which stack is open. `root` is a folder on the launcher's machine.
export const SessionCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('openStack'), root: z.string().trim().min(1, 'name a folder to open').max(4096) }).strict(),
]);
export type SessionCommand = z.output<typeof SessionCommandSchema>;

export const EngineCommandSchema = z.discriminatedUnion('type', [...StackCommandSchema.options, ...SessionCommandSchema.options]);
export type EngineCommand = z.input<typeof EngineCommandSchema>;
export type ParsedEngineCommand = z.output<typeof EngineCommandSchema>;

export const StackQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stackState') }).strict(),
  z.object({ type: z.literal('config') }).strict(),
  z.object({ type: z.literal('logBacklog'), service: serviceName, limit: z.number().int().min(1).max(100_000).default(5_000) }).strict(),
  z.object({ type: z.literal('crashRecords'), service: serviceName }).strict(),
  z.object({ type: z.literal('agentRuns') }).strict(),
  z.object({ type: z.literal('changeLog') }).strict(),
  z.object({ type: z.literal('agentRunDetail'), run_id: z.string().min(1).max(200) }).strict(),
]);
export type StackQuery = z.input<typeof StackQuerySchema>;

export const SessionQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recentStacks') }).strict(),
]);
export type SessionQuery = z.output<typeof SessionQuerySchema>;

export const EngineQuerySchema = z.discriminatedUnion('type', [...StackQuerySchema.options, ...SessionQuerySchema.options]);
export type EngineQuery = z.input<typeof EngineQuerySchema>;
export type ParsedEngineQuery = z.output<typeof EngineQuerySchema>;

const sessionCommandTypes: ReadonlySet<string> = new Set(SessionCommandSchema.options.map((option) => option.shape.type.value));
const sessionQueryTypes: ReadonlySet<string> = new Set(SessionQuerySchema.options.map((option) => option.shape.type.value));

// Why: the session answers these itself; everything else goes to the open stack's engine.
export function isSessionCommand(command: ParsedEngineCommand): command is SessionCommand {
  return sessionCommandTypes.has(command.type);
}

// Why: as isSessionCommand, for queries.
export function isSessionQuery(query: EngineQuery): query is SessionQuery {
  return sessionQueryTypes.has(query.type);
}

// What each query answers, by type: clients get typed results without casting.
export const QueryResultSchemas = {
  stackState: StackStateSchema,
  config: StackReportSchema,
  logBacklog: LogChunkSchema,
  crashRecords: z.array(CrashRecordSchema),
  agentRuns: AgentRunsViewSchema,
  changeLog: ChangeLogSchema,
  agentRunDetail: AgentRunDetailSchema,
  recentStacks: RecentStacksSchema,
} as const;
export type QueryResult<T extends EngineQuery['type']> = z.infer<(typeof QueryResultSchemas)[T]>;

export const CommandResultSchema = z.object({
  message: z.string(),
  runIds: z.array(z.string()).optional(),
  value: z.string().optional(),
});
export type CommandResult = z.infer<typeof CommandResultSchema>;

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('serviceState'), status: ServiceStatusSchema }),
  z.object({ type: z.literal('log'), chunk: LogChunkSchema }),
  z.object({ type: z.literal('configChanged'), diff: ConfigDiffSchema }),
  // A new change-log entry, or one the user has now seen (same id): clients replace theirs by id.
  z.object({ type: z.literal('changeLogEntry'), entry: ChangeLogEntrySchema }),
  z.object({ type: z.literal('agentEvent'), event: AgentEventSchema }),
  z.object({ type: z.literal('agentRuns'), view: AgentRunsViewSchema }),
  // What changed in the runs table since the last agentRuns or agentRunsChanged; applied in order onto a held view.
  z.object({ type: z.literal('agentRunsChanged'), changes: AgentRunsChangesSchema }),
  z.object({ type: z.literal('engineError'), message: z.string() }),
  // Another stack is open: every snapshot a client holds belongs to the old one.
  z.object({ type: z.literal('stackOpened'), root: z.string() }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;

// The wire: a request carries an id so answers can come back out of order.
export const EngineRequestSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string().min(1).max(64), kind: z.literal('command'), body: EngineCommandSchema }).strict(),
  z.object({ id: z.string().min(1).max(64), kind: z.literal('query'), body: EngineQuerySchema }).strict(),
]);
export type EngineRequest = z.input<typeof EngineRequestSchema>;

export const EngineErrorSchema = z.object({ code: z.enum(ENGINE_ERROR_CODES), message: z.string() });
export type EngineErrorBody = z.infer<typeof EngineErrorSchema>;

export const EngineResponseSchema = z.union([
  z.object({ id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.string(), ok: z.literal(false), error: EngineErrorSchema }),
]);
export type EngineResponse = z.infer<typeof EngineResponseSchema>;


// What one stack's engine implements: the contract without the session's own commands and queries.
export interface StackApi {
  command(command: StackCommand): Promise<CommandResult>;
  query<T extends StackQuery['type']>(query: Extract<StackQuery, { type: T }>): Promise<QueryResult<T>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

// What every transport exposes to the renderer and what the session implements: one small typed surface.
export interface EngineApi {
  command(command: EngineCommand): Promise<CommandResult>;
  query<T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}
