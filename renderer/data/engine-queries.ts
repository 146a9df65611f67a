import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTransport } from '../app/transport-context.tsx';
import type { Transport } from '../transport/transport.ts';
import { engineKeys } from './query-keys.ts';
import { fetchRunsWithReplay } from './runs-changes-replay.ts';

// Why: every snapshot is fetched the same way, and its key lives next to its fetcher.
export function stackStateQuery(transport: Transport) {
  return queryOptions({ queryKey: engineKeys.stackState, queryFn: () => transport.query({ type: 'stackState' }) });
}

// Why: the configuration report (variables, chains, findings, scores) as one snapshot.
export function configQuery(transport: Transport) {
  return queryOptions({ queryKey: engineKeys.config, queryFn: () => transport.query({ type: 'config' }) });
}

// Why: the agent monitor's view of the runs, with the changes that overtook the answer on the event stream.
export function agentRunsQuery(transport: Transport) {
  return queryOptions({ queryKey: engineKeys.agentRuns, queryFn: ({ client }) => fetchRunsWithReplay(client, () => transport.query({ type: 'agentRuns' })) });
}

// Why: the session's env-file edits, kept by the engine (a reloaded page still has them).
export function changeLogQuery(transport: Transport) {
  return queryOptions({ queryKey: engineKeys.changeLog, queryFn: () => transport.query({ type: 'changeLog' }) });
}

// Why: one run's events, beats, host loop delay and log lines, asked for while its drawer is open (and kept fresh).
export function agentRunDetailQuery(transport: Transport, runId: string) {
  return queryOptions({
    queryKey: engineKeys.agentRunDetail(runId),
    queryFn: () => transport.query({ type: 'agentRunDetail', run_id: runId }),
    refetchInterval: 1_000,
    staleTime: 0,
    gcTime: 5_000,
  });
}

// Why: a service's crash history, asked for only where a crash is shown.
export function crashRecordsQuery(transport: Transport, service: string) {
  return queryOptions({ queryKey: engineKeys.crashRecords(service), queryFn: () => transport.query({ type: 'crashRecords', service }) });
}

// Why: the lines a log pane starts from; always fetched afresh when a pane opens, dropped soon after it closes.
export function logBacklogQuery(transport: Transport, service: string, limit = 5_000) {
  return queryOptions({
    queryKey: engineKeys.logBacklog(service),
    queryFn: () => transport.query({ type: 'logBacklog', service, limit }),
    staleTime: 0,
    gcTime: 5_000,
  });
}

// Why: the folders the user opened lately, for "Open stack".
export function recentStacksQuery(transport: Transport) {
  return queryOptions({ queryKey: engineKeys.recentStacks, queryFn: () => transport.query({ type: 'recentStacks' }), staleTime: 0 });
}

// Why: the recent stacks, asked for when the Open stack panel opens.
export function useRecentStacks(enabled: boolean) {
  return useQuery({ ...recentStacksQuery(useTransport()), enabled });
}

// Why: the services and their live state.
export function useStackState() {
  return useQuery(stackStateQuery(useTransport()));
}

// Why: the configuration report.
export function useStackReport() {
  return useQuery(configQuery(useTransport()));
}

// Why: the agent runs and the monitor's status.
export function useAgentRuns() {
  return useQuery(agentRunsQuery(useTransport()));
}

// Why: the change log, for its panel and the notice of unseen regressions.
export function useChangeLog() {
  return useQuery(changeLogQuery(useTransport()));
}

// Why: the open drawer's run.
export function useAgentRunDetail(runId: string) {
  return useQuery(agentRunDetailQuery(useTransport(), runId));
}

// Why: a crashed service's earlier crashes.
export function useCrashRecords(service: string) {
  return useQuery(crashRecordsQuery(useTransport(), service));
}
