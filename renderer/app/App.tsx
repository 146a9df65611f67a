import { useState } from 'react';
import { createQueryClient } from '../data/create-query-client.ts';
import { createNoticeStore } from '../notices/notice-store.ts';
import { Shell } from '../shell/Shell.tsx';
import type { Transport } from '../transport/transport.ts';
import { AppProviders } from './AppProviders.tsx';
import { EngineSync } from './EngineSync.tsx';

// Why: the whole dashboard for one transport: its cache, its notices, the sync and the shell.
export function App({ transport }: { transport: Transport }) {
  const [notices] = useState(createNoticeStore);
  const [queryClient] = useState(() => createQueryClient(notices));
  return (
    <AppProviders transport={transport} queryClient={queryClient} notices={notices}>
      <EngineSync />
      <Shell />
    </AppProviders>
  );
}
