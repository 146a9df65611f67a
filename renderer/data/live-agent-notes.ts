import type { QueryClient } from '@tanstack/react-query';
import type { AgentEvent } from '../../shared/api/agent-events.ts';
import { liveKeys } from './query-keys.ts';

// What the monitor said last about a run (why it died, that it went quiet, that it recovered), by run id.
// The runs view does not carry these sentences; only the agent events do.
export type AgentNotes = Readonly<Record<string, string>>;

// Why: QA must read a death's message and recovery action, which arrive once, in the event; a batch is one copy.
export function recordAgentNotes(client: QueryClient, events: readonly AgentEvent[]): void {
  const notes = events.flatMap((event) => {
    const note = noteOf(event);
    return note === null ? [] : [[event.run_id, note] as const];
  });
  if (notes.length === 0) return;
  client.setQueryData<AgentNotes>(liveKeys.agentNotes, (before = {}) => ({ ...before, ...Object.fromEntries(notes) }));
}

function noteOf(event: AgentEvent): string | null {
  switch (event.type) {
    case 'agent_death':
      return `${event.payload.message} (recovery: ${event.payload.recovery_action})`;
    case 'agent_state':
      return event.payload.message;
    case 'agent_failed':
      return event.payload.error;
    default:
      return null;
  }
}
