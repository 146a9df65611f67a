import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import type { EngineCommand } from '../../shared/api/engine-contract.ts';
import type { NoticeStore } from '../notices/notice-store.ts';
import { engineKeys, liveKeys } from './query-keys.ts';

export interface QueryClientOptions {
  // Tests turn retries off so a refused query fails at once.
  retry?: number | false;
}

// Why: one cache for every engine snapshot; any query or command that fails is reported, never swallowed.
export function createQueryClient(notices: NoticeStore, options: QueryClientOptions = {}): QueryClient {
  const client = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => notices.error(`Could not load ${describeQueryKey(query.queryKey)}: ${messageOf(error)}`),
    }),
    mutationCache: new MutationCache({
      onError: (error, variables) => notices.error(`${describeCommand(variables as EngineCommand)} failed: ${messageOf(error)}`),
    }),
    defaultOptions: {
      // The event stream keeps snapshots current; they are re-queried only when invalidated (reconnect, config change).
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: options.retry ?? 1, retryDelay: 500 },
      mutations: { retry: false },
    },
  });
  // Written only by code that keeps what did not change (the event stream's batches): a deep comparison of 10,000 runs
  // at every batch would cost more than it saves.
  client.setQueryDefaults(liveKeys.all, { staleTime: Infinity, gcTime: Infinity, structuralSharing: false });
  client.setQueryDefaults(engineKeys.agentRuns, { structuralSharing: false });
  return client;
}

// Why: an alert names what failed in the user's words ("Start api"), not the wire format.
export function describeCommand(command: EngineCommand): string {
  switch (command.type) {
    case 'start':
    case 'stop':
    case 'restart':
      return `${capitalize(command.type)} ${command.service ?? 'all services'}`;
    case 'setOverride':
      return `Override ${command.key} of ${command.service}`;
    case 'clearOverride':
      return `Clear the override of ${command.key} of ${command.service}`;
    case 'setProfile':
      return `Switch to profile ${command.profile}`;
    case 'startAgentRun':
      return `Start ${command.count ?? 1} run(s) of ${command.agent_name}`;
    case 'rerunAgentRun':
      return `Rerun ${command.run_id}${command.scenario ? ` as ${command.scenario}` : ''}`;
    case 'openStack':
      return `Open ${command.root}`;
    case 'revealValue':
      return `Reveal ${command.key} of ${command.service}`;
    case 'markChangesSeen':
      return 'Mark the configuration changes seen';
  }
}

function describeQueryKey(key: readonly unknown[]): string {
  const [, type, service] = key;
  const what = { stackState: 'the services', config: 'the configuration', agentRuns: 'the agent runs', agentRunDetail: 'the run\'s details', crashRecords: 'crash records', logBacklog: 'logs', changeLog: 'the change log' }[String(type)] ?? String(type);
  return typeof service === 'string' ? `${what} of ${service}` : what;
}

// Why: an EngineError's message is already a sentence for the user; anything else is described as best we can.
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
