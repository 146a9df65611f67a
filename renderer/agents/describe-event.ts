import type { AgentEvent } from '../../shared/api/agent-events.ts';

// Why: the drawer lists a run's events in words; every event type answers, and a new one without a case does not compile.
export function describeEvent(event: AgentEvent): string {
  switch (event.type) {
    case 'agent_started':
      return `started (${event.payload.scenario}), ${event.payload.state}`;
    case 'agent_heartbeat':
      return `heartbeat #${event.payload.heartbeats}`;
    case 'agent_state':
      return `${event.payload.state}: ${event.payload.message}`;
    case 'agent_completed':
      return `completed in ${(event.payload.duration_ms / 1_000).toFixed(1)} s`;
    case 'agent_failed':
      return `failed: ${event.payload.error}`;
    case 'agent_death':
      return `${event.payload.death_cause}: ${event.payload.message} (recovery: ${event.payload.recovery_action}${event.payload.overdue_ms === undefined ? '' : `; noticed ${event.payload.overdue_ms} ms after the deadline`})`;
    default:
      return event satisfies never;
  }
}
