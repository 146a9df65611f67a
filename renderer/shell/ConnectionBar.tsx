import { useConnectionStatus } from '../data/use-connection-status.ts';
import type { ConnectionStatus } from '../transport/transport.ts';

const LABELS: Record<ConnectionStatus, { text: string; detail: string }> = {
  loading: { text: 'Loading', detail: 'connecting to the Stackdeck engine' },
  reconnecting: { text: 'Reconnecting', detail: 'live updates are paused; what you see may be out of date' },
  active: { text: 'Active', detail: 'live updates from the engine' },
};

// Why: the user always knows whether what they see is live, as Tilt's web UI shows it.
export function ConnectionBar() {
  const status = useConnectionStatus();
  const label = LABELS[status];
  return (
    <div role="status" aria-label="Connection" className={`connection connection--${status}`} title={label.detail}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{label.text}</span>
    </div>
  );
}

// Why: after a drop, a full-width line says what "Reconnecting" means for what is on screen.
export function ConnectionNotice() {
  const status = useConnectionStatus();
  if (status !== 'reconnecting') return null;
  return (
    <p className="connection-notice">
      Connection to the Stackdeck engine lost, reconnecting. Live updates are paused: what you see may be out of date until it is back.
    </p>
  );
}
