import type { DeathCause } from '../api/agent-events.ts';
import { describeChangeEntry } from '../api/change-log.ts';
import type { EngineEvent } from '../api/engine-contract.ts';

// Something that happened to the stack that a person away from the window should hear about.
export type StackAlert =
  | { kind: 'agent-died'; agent: string; runId: string; cause: DeathCause; message: string }
  | { kind: 'service-crashed'; service: string; reason: string }
  | { kind: 'config-regressed'; entryId: number; summary: string };

// A crash stamped this long before the reader started still counts (the engine's and the page's clocks are one machine's).
const CLOCK_SLACK_MS = 1_000;

// Why: the event stream repeats itself (every status update carries the last crash; a change-log entry comes again
// when seen): this reads each death, crash and regression once, and never an old crash a new page first hears of.
export function createAlertReader(now: () => number = Date.now): (event: EngineEvent) => StackAlert[] {
  const since = now() - CLOCK_SLACK_MS;
  const crashSeen = new Map<string, string>();
  const entriesSeen = new Set<number>();
  return (event) => {
    switch (event.type) {
      case 'agentEvent': {
        const death = event.event;
        if (death.type !== 'agent_death') return [];
        return [{ kind: 'agent-died', agent: death.agent_name, runId: death.run_id, cause: death.payload.death_cause, message: death.payload.message }];
      }
      case 'serviceState': {
        const crash = event.status.lastCrash;
        if (!crash || crashSeen.get(event.status.name) === crash.at) return [];
        crashSeen.set(event.status.name, crash.at);
        return Date.parse(crash.at) >= since ? [{ kind: 'service-crashed', service: event.status.name, reason: crash.reason }] : [];
      }
      case 'changeLogEntry': {
        const { entry } = event;
        if (!entry.regression || entry.seen || entriesSeen.has(entry.id)) return [];
        entriesSeen.add(entry.id);
        return [{ kind: 'config-regressed', entryId: entry.id, summary: describeChangeEntry(entry) }];
      }
      case 'stackOpened':
        // Another stack: its change-log ids start again at 1.
        entriesSeen.clear();
        crashSeen.clear();
        return [];
      default:
        return [];
    }
  };
}
