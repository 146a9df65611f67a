import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CommandResult, EngineCommand } from '../../shared/api/engine-contract.ts';
import { useTransport } from '../app/transport-context.tsx';
import { useNoticeStore } from '../notices/notices-context.tsx';
import { engineKeys, liveKeys } from './query-keys.ts';

// Why: every button sends its command the same way: the engine's answer is shown, a refusal becomes an alert
// (through the mutation cache), and snapshots the command changes are re-queried in case an event is late.
export function useEngineCommand() {
  const transport = useTransport();
  const client = useQueryClient();
  const notices = useNoticeStore();
  return useMutation<CommandResult, Error, EngineCommand>({
    mutationFn: (command) => transport.command(command),
    onSuccess: (result, command) => {
      if (command.type !== 'revealValue') notices.action(result.message);
      refreshAfter(client, command);
    },
  });
}

function refreshAfter(client: QueryClient, command: EngineCommand): void {
  switch (command.type) {
    case 'start':
    case 'stop':
    case 'restart':
      void client.invalidateQueries({ queryKey: engineKeys.stackState });
      return;
    case 'setProfile':
      void client.invalidateQueries({ queryKey: engineKeys.stackState });
      void client.invalidateQueries({ queryKey: engineKeys.config });
      return;
    case 'setOverride':
    case 'clearOverride':
      void client.invalidateQueries({ queryKey: engineKeys.config });
      return;
    case 'startAgentRun':
    case 'rerunAgentRun':
      void client.invalidateQueries({ queryKey: engineKeys.agentRuns });
      return;
    case 'openStack':
      // Everything belonged to the old stack: services, config, logs, runs.
      void client.resetQueries({ queryKey: engineKeys.all });
      void client.resetQueries({ queryKey: liveKeys.all });
      return;
    case 'markChangesSeen':
      void client.invalidateQueries({ queryKey: engineKeys.changeLog });
      return;
    case 'revealValue':
      return;
  }
}
