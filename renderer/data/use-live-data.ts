import { useQuery } from '@tanstack/react-query';
import type { AgentNotes } from './live-agent-notes.ts';
import type { ReceivedConfigChange } from './live-config-changes.ts';
import type { HeartbeatLog } from './live-heartbeats.ts';
import { liveKeys } from './query-keys.ts';

const NO_CHANGES: ReceivedConfigChange[] = [];
const NO_BEATS: HeartbeatLog = {};
const NO_NOTES: AgentNotes = {};

// Why: views read what the event stream recorded through the same cache as snapshots; nothing here is ever fetched.
export function useConfigChanges(): readonly ReceivedConfigChange[] {
  return useQuery({ queryKey: liveKeys.configChanges, queryFn: () => NO_CHANGES, initialData: NO_CHANGES }).data;
}

// Why: recent heartbeat times per run, for the timelines.
export function useHeartbeatLog(): HeartbeatLog {
  return useQuery({ queryKey: liveKeys.heartbeats, queryFn: () => NO_BEATS, initialData: NO_BEATS }).data;
}

// Why: the monitor's last sentence per run (death message, unresponsive notice).
export function useAgentNotes(): AgentNotes {
  return useQuery({ queryKey: liveKeys.agentNotes, queryFn: () => NO_NOTES, initialData: NO_NOTES }).data;
}
