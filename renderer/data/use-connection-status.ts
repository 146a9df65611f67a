import { useEffect, useState } from 'react';
import { useTransport } from '../app/transport-context.tsx';
import type { ConnectionStatus } from '../transport/transport.ts';

// Why: the connection bar and anything that must say "what you see may be stale" read one status.
export function useConnectionStatus(): ConnectionStatus {
  const transport = useTransport();
  const [status, setStatus] = useState<ConnectionStatus>('loading');
  useEffect(() => transport.onStatus(setStatus), [transport]);
  return status;
}
