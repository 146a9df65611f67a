import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTransport } from '../app/transport-context.tsx';
import { useNoticeStore } from '../notices/notices-context.tsx';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import { applyEngineEvents } from './apply-engine-event.ts';
import { engineKeys } from './query-keys.ts';
import { recordRunsChanges } from './runs-changes-replay.ts';

const BATCH_MS = 50;

// Why: one subscription feeds the whole cache from the event stream, and after a reconnect (events may have been
// missed) every engine snapshot is queried again.
export function useEngineSync(): void {
  const transport = useTransport();
  const client = useQueryClient();
  const notices = useNoticeStore();

  useEffect(() => {
    // Events are applied together every BATCH_MS: at 10,000 agent runs, 5,000 beats a second must not mean 5,000
    // copies of the runs view and 5,000 renders; a person cannot see a 50 ms delay.
    let pending: EngineEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const events = pending;
      pending = [];
      applyEngineEvents(client, events, notices);
    };
    const unsubscribe = transport.subscribe((event) => {
      // Kept for a runs query in flight as it arrives, not as it is applied: replayed onto the query's answer, a change
      // received before the query was sent could move a run back to what it was before the answer.
      if (event.type === 'agentRunsChanged') recordRunsChanges(client, event.changes);
      pending.push(event);
      timer ??= setTimeout(flush, BATCH_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [transport, client, notices]);

  useEffect(() => {
    let previous: string | undefined;
    return transport.onStatus((status) => {
      if (status === 'active' && previous === 'reconnecting') void client.invalidateQueries({ queryKey: engineKeys.all });
      previous = status;
    });
  }, [transport, client]);
}
