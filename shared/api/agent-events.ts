import { z } from 'zod';

// The agent host's runs as QA, the launcher's monitor and the dashboard all read them: one schema, browser-safe.

export const AGENT_SCENARIOS = ['normal', 'slow', 'hang', 'crash', 'silent'] as const;
export const AgentScenarioSchema = z.enum(AGENT_SCENARIOS);
export type AgentScenario = z.infer<typeof AgentScenarioSchema>;

export const AGENT_STATES = ['PENDING', 'RUNNING', 'UNRESPONSIVE', 'COMPLETED', 'FAILED', 'DEAD', 'TIMED_OUT'] as const;
export const AgentStateSchema = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentStateSchema>;

export const TERMINAL_AGENT_STATES: readonly AgentState[] = ['COMPLETED', 'FAILED', 'DEAD', 'TIMED_OUT'];

export const DeathCauseSchema = z.enum(['timeout', 'no_heartbeat', 'silent_failure']);
export type DeathCause = z.infer<typeof DeathCauseSchema>;

export const StartAgentRunSchema = z.object({
  agent_name: z.string().trim().min(1, 'agent_name must not be empty').max(100, 'agent_name is at most 100 characters'),
  scenario: AgentScenarioSchema,
}).strict();
export type StartAgentRun = z.infer<typeof StartAgentRunSchema>;

export const AgentRunSchema = z.object({
  run_id: z.string(),
  agent_name: z.string(),
  scenario: AgentScenarioSchema,
  state: AgentStateSchema,
  started_at: z.string(),
  // null until the first beat: "never" is shown honestly, not the start time (temporal #3358).
  last_heartbeat_at: z.string().nullable(),
  heartbeats: z.number().int().nonnegative(),
  ended_at: z.string().nullable(),
  death_cause: DeathCauseSchema.nullable(),
  error: z.string().nullable(),
});
export type AgentRun = z.infer<typeof AgentRunSchema>;

const base = {
  run_id: z.string(),
  agent_name: z.string(),
  timestamp: z.string(),
  last_heartbeat_at: z.string().nullable(),
};

export const AgentEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent_started'), ...base, payload: z.object({ scenario: AgentScenarioSchema, state: AgentStateSchema }) }),
  z.object({ type: z.literal('agent_heartbeat'), ...base, payload: z.object({ heartbeats: z.number().int(), state: AgentStateSchema }) }),
  z.object({
    type: z.literal('agent_state'),
    ...base,
    payload: z.object({ state: AgentStateSchema, change: z.enum(['unresponsive', 'recovered']), message: z.string() }),
  }),
  z.object({ type: z.literal('agent_completed'), ...base, payload: z.object({ status: z.literal('completed'), duration_ms: z.number() }) }),
  z.object({ type: z.literal('agent_failed'), ...base, payload: z.object({ status: z.literal('failed'), error: z.string() }) }),
  z.object({
    type: z.literal('agent_death'),
    ...base,
    payload: z.object({
      status: z.literal('dead'),
      death_cause: DeathCauseSchema,
      message: z.string(),
      recovery_action: z.string(),
      // How long after its deadline the death was noticed: the detection latency QA and the bench read.
      overdue_ms: z.number().nonnegative().optional(),
    }),
  }),
]);
export type AgentEvent = z.infer<typeof AgentEventSchema>;
export type AgentEventType = AgentEvent['type'];
