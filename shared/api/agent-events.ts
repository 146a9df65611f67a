import { z } from 'zod';

// The agent host's runs as QA, the launcher's monitor and the dashboard all read them: one schema, browser-safe.

export const AGENT_SCENARIOS = ['normal', 'slow', 'hang', 'crash', 'silent', 'mute'] as const;
export const AgentScenarioSchema = z.enum(AGENT_SCENARIOS);
export type AgentScenario = z.infer<typeof AgentScenarioSchema>;

// NEVER_HEARTBEATED: started, no beat within the dead window. INTERRUPTED: the agent host restarted under the run
// (only the launcher's monitor can tell; the new host never knew it).
export const AGENT_STATES = ['PENDING', 'RUNNING', 'UNRESPONSIVE', 'COMPLETED', 'FAILED', 'DEAD', 'TIMED_OUT', 'NEVER_HEARTBEATED', 'INTERRUPTED'] as const;
export const AgentStateSchema = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentStateSchema>;

// Keyed by every state: a new state without an answer here does not compile.
const IS_TERMINAL: Record<AgentState, boolean> = {
  PENDING: false, RUNNING: false, UNRESPONSIVE: false,
  COMPLETED: true, FAILED: true, DEAD: true, TIMED_OUT: true, NEVER_HEARTBEATED: true, INTERRUPTED: true,
};
export const TERMINAL_AGENT_STATES: readonly AgentState[] = AGENT_STATES.filter((state) => IS_TERMINAL[state]);

// What each state means, in words QA reads (tooltips, exports, the drawer).
export const AGENT_STATE_MEANING: Record<AgentState, string> = {
  PENDING: 'started; no heartbeat yet',
  RUNNING: 'heartbeats arrive on time',
  UNRESPONSIVE: 'two heartbeats missed; not yet declared dead',
  COMPLETED: 'finished with a result',
  FAILED: 'finished with an error',
  DEAD: 'declared dead: its heartbeats stopped, or it ended without result or error',
  TIMED_OUT: 'ran past the execution timeout and was stopped',
  NEVER_HEARTBEATED: 'started, but sent no heartbeat within the dead window',
  INTERRUPTED: 'the agent host restarted (or lost it) while it ran; its outcome is unknown',
};

export const DeathCauseSchema = z.enum(['timeout', 'no_heartbeat', 'never_heartbeated', 'silent_failure']);
export type DeathCause = z.infer<typeof DeathCauseSchema>;

const STATE_AFTER_DEATH: Record<DeathCause, AgentState> = {
  timeout: 'TIMED_OUT',
  no_heartbeat: 'DEAD',
  never_heartbeated: 'NEVER_HEARTBEATED',
  silent_failure: 'DEAD',
};

// Why: the agent host and the monitor must agree on which state a death leaves a run in.
export function stateAfterDeath(cause: DeathCause): AgentState {
  return STATE_AFTER_DEATH[cause];
}

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
export const StartAgentRunSchema = z.lazy(() => z.object({
  agent_name: z.string().trim().min(1, 'agent_name must not be empty').max(100, 'agent_name is at most 100 characters'),
  scenario: AgentScenarioSchema,
}).strict());
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

export const AgentEventSchema = z.lazy(() => z.discriminatedUnion('type', [
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
]));
export type AgentEvent = z.infer<typeof AgentEventSchema>;
export type AgentEventType = AgentEvent['type'];
