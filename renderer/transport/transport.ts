import type { EngineApi } from '../../shared/api/engine-contract.ts';

// How live the event stream is, as Tilt's web UI shows it: `loading` until the first connection,
// `active` while connected, `reconnecting` after a drop. After a drop events may have been missed:
// a client should query the state again when the status comes back to `active`.
export type ConnectionStatus = 'loading' | 'reconnecting' | 'active';

// What the renderer is given, whatever carries it (Electron IPC, or HTTP and a WebSocket in browser mode).
export type Transport = EngineApi & {
  // Calls the listener with the current status at once, then on every change; returns the unsubscribe.
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  // The native folder dialog (the Electron window only): the chosen folder, or null when cancelled. Browser mode has
  // none, and the dashboard asks for a path instead.
  pickFolder?: () => Promise<string | null>;
  // Stops reconnecting and fails every later request with EngineError('unavailable').
  close(): void;
};
