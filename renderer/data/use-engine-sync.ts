import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTransport } from '../app/transport-context.tsx';
import { useNoticeStore } from '../notices/notices-context.tsx';
import { applyEngineEvent } from './apply-engine-event.ts';
import { engineKeys } from './query-keys.ts';

// Why: one subscription feeds the whole cache from the event stream, and after a reconnect (events may have been
// missed) every engine snapshot is queried again.
export function useEngineSync(): void {
  const transport = useTransport();
  const client = useQueryClient();
  const notices = useNoticeStore();

  useEffect(() => transport.subscribe((event) => applyEngineEvent(client, event, notices)), [transport, client, notices]);

  useEffect(() => {
    let previous: string | undefined;
    return transport.onStatus((status) => {
      if (status === 'active' && previous === 'reconnecting') void client.invalidateQueries({ queryKey: engineKeys.all });
      previous = status;
    });
  }, [transport, client]);
}
