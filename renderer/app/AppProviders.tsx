import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NoticesProvider } from '../notices/notices-context.tsx';
import type { NoticeStore } from '../notices/notice-store.ts';
import type { Transport } from '../transport/transport.ts';
import { TransportProvider } from './transport-context.tsx';

export interface AppServices {
  transport: Transport;
  queryClient: QueryClient;
  notices: NoticeStore;
}

// Why: the app and each component test get the same three services (transport, cache, notices) the same way.
export function AppProviders({ transport, queryClient, notices, children }: AppServices & { children: ReactNode }) {
  return (
    <TransportProvider transport={transport}>
      <QueryClientProvider client={queryClient}>
        <NoticesProvider store={notices}>{children}</NoticesProvider>
      </QueryClientProvider>
    </TransportProvider>
  );
}
