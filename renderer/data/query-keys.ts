// Snapshots answered by the engine live under 'engine' (re-queried after a reconnect); what the dashboard derives
// from the event stream alone (recent config changes, heartbeat times) lives under 'live' and is never re-queried.
export const engineKeys = {
  all: ['engine'] as const,
  stackState: ['engine', 'stackState'] as const,
  config: ['engine', 'config'] as const,
  agentRuns: ['engine', 'agentRuns'] as const,
  changeLog: ['engine', 'changeLog'] as const,
  agentRunDetail: (runId: string) => ['engine', 'agentRunDetail', runId] as const,
  recentStacks: ['engine', 'recentStacks'] as const,
  crashRecords: (service: string) => ['engine', 'crashRecords', service] as const,
  logBacklog: (service: string) => ['engine', 'logBacklog', service] as const,
};

export const liveKeys = {
  all: ['live'] as const,
  configChanges: ['live', 'configChanges'] as const,
  heartbeats: ['live', 'heartbeats'] as const,
  agentNotes: ['live', 'agentNotes'] as const,
};
