import { createContext, useContext, type ReactNode } from 'react';
import type { Transport } from '../transport/transport.ts';

const TransportContext = createContext<Transport | null>(null);

// Why: every view reaches the engine through the one transport the entry point chose (IPC or web).
export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

// Why: the transport, for hooks that query, command or subscribe.
export function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport needs a TransportProvider above it');
  return transport;
}
