// The one small object the preload puts on `window`: requests go in, events come out, nothing else of Electron.
// The renderer wraps it into a Transport (renderer/transport/ipc-transport.ts), validating everything with zod.
export const REQUEST_CHANNEL = 'stackdeck:request';
export const EVENT_CHANNEL = 'stackdeck:event';
// The native "Open stack" folder dialog: nothing in, a PickedFolder out.
export const PICK_FOLDER_CHANNEL = 'stackdeck:pick-folder';
export const BRIDGE_GLOBAL = 'stackdeckBridge';

export interface StackdeckBridge {
  // An EngineRequest in, an EngineResponse out (both checked on each side).
  request(request: unknown): Promise<unknown>;
  // Every EngineEvent, as the main process pushes it; returns the unsubscribe.
  onEvent(listener: (event: unknown) => void): () => void;
  // Shows the native folder dialog; a PickedFolder (checked by the renderer) comes back.
  pickFolder(): Promise<unknown>;
}
