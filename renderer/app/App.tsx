import { useState } from 'react';
import { createQueryClient } from '../data/create-query-client.ts';
import { createNoticeStore } from '../notices/notice-store.ts';
import { Shell } from '../shell/Shell.tsx';
import type { Transport } from '../transport/transport.ts';
import { AppProviders } from './AppProviders.tsx';
import { EngineSync } from './EngineSync.tsx';

// Why: the whole dashboard for one transport: its cache, its notices, the sync and the shell.
// `browserNotifications`: browser mode, where the page itself shows notifications (Electron's main process does in the app).
export function App({ transport, browserNotifications = false }: { transport: Transport; browserNotifications?: boolean }) {
  const [notices] = useState(createNoticeStore);
  const [queryClient] = useState(() => createQueryClient(notices));
  return (
    <AppProviders transport={transport} queryClient={queryClient} notices={notices}>
      <EngineSync />
      <Shell browserNotifications={browserNotifications} />
    </AppProviders>
  );
}
