import { z } from 'zod';
import { ProfileSchema } from '../config/profile.ts';
import { StackReportSchema } from '../config/report.ts';
import { AgentEventSchema, AgentScenarioSchema } from './agent-events.ts';
import { AgentRunsViewSchema } from './agent-runs-view.ts';
import { ConfigDiffSchema } from './config-diff.ts';
import { LogChunkSchema } from './logs.ts';
import { CrashRecordSchema, ServiceStatusSchema, StackStateSchema } from './service-status.ts';

// The one contract between the engine and every client (Electron IPC, browser mode, CLI). Browser-safe: zod only.

const serviceName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a service name is lower-case letters, digits and dashes').max(64);
const variableKey = z.string().regex(/^[\w.-]+$/, 'a variable name is letters, digits, _ . -').max(256);

export const EngineCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), service: serviceName.optional() }).strict(),
  z.object({ type: z.literal('stop'), service: serviceName.optional() }).strict(),
  z.object({ type: z.literal('restart'), service: serviceName.optional() }).strict(),
  z.object({ type: z.literal('setOverride'), service: serviceName, key: variableKey, value: z.string().max(64 * 1024) }).strict(),
  z.object({ type: z.literal('clearOverride'), service: serviceName, key: variableKey }).strict(),
  z.object({ type: z.literal('setProfile'), profile: ProfileSchema }).strict(),
  z.object({ type: z.literal('startAgentRun'), agent_name: z.string().trim().min(1).max(100), scenario: AgentScenarioSchema, count: z.number().int().min(1).max(50).default(1) }).strict(),
  // An explicit user action: the one way a secret value leaves the engine unmasked.
  z.object({ type: z.literal('revealValue'), service: serviceName, key: variableKey }).strict(),
]);
export type EngineCommand = z.input<typeof EngineCommandSchema>;
export type ParsedEngineCommand = z.output<typeof EngineCommandSchema>;

export const EngineQuerySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stackState') }).strict(),
  z.object({ type: z.literal('config') }).strict(),
  z.object({ type: z.literal('logBacklog'), service: serviceName, limit: z.number().int().min(1).max(100_000).default(5_000) }).strict(),
  z.object({ type: z.literal('crashRecords'), service: serviceName }).strict(),
  z.object({ type: z.literal('agentRuns') }).strict(),
]);
export type EngineQuery = z.input<typeof EngineQuerySchema>;
export type ParsedEngineQuery = z.output<typeof EngineQuerySchema>;

// What each query answers, by type: clients get typed results without casting.
export const QueryResultSchemas = {
  stackState: StackStateSchema,
  config: StackReportSchema,
  logBacklog: LogChunkSchema,
  crashRecords: z.array(CrashRecordSchema),
  agentRuns: AgentRunsViewSchema,
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
  z.object({ type: z.literal('agentEvent'), event: AgentEventSchema }),
  z.object({ type: z.literal('agentRuns'), view: AgentRunsViewSchema }),
  z.object({ type: z.literal('engineError'), message: z.string() }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;

// The wire: a request carries an id so answers can come back out of order.
export const EngineRequestSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string().min(1).max(64), kind: z.literal('command'), body: EngineCommandSchema }).strict(),
  z.object({ id: z.string().min(1).max(64), kind: z.literal('query'), body: EngineQuerySchema }).strict(),
]);
export type EngineRequest = z.input<typeof EngineRequestSchema>;

export const ENGINE_ERROR_CODES = ['invalid_request', 'unknown_service', 'conflict', 'unavailable', 'internal'] as const;
export const EngineErrorSchema = z.object({ code: z.enum(ENGINE_ERROR_CODES), message: z.string() });
export type EngineErrorBody = z.infer<typeof EngineErrorSchema>;

export const EngineResponseSchema = z.union([
  z.object({ id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.string(), ok: z.literal(false), error: EngineErrorSchema }),
]);
export type EngineResponse = z.infer<typeof EngineResponseSchema>;

// A failure the engine explains to its caller (unknown service, bad input), as opposed to a bug.
export class EngineError extends Error {
  readonly code: EngineErrorBody['code'];
  constructor(code: EngineErrorBody['code'], message: string) {
    super(message);
    this.code = code;
  }
}

// What every transport exposes to the renderer and what the engine implements: one small typed surface.
export interface EngineApi {
  command(command: EngineCommand): Promise<CommandResult>;
  query<T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}
