// Sandboxed preload: it may require only 'electron', and it exposes exactly one object (VS Code's practice).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, PICK_FOLDER_CHANNEL, REQUEST_CHANNEL, type StackdeckBridge } from './bridge-contract.ts';

const bridge: StackdeckBridge = {
  request: (request) => ipcRenderer.invoke(REQUEST_CHANNEL, request),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  // Takes nothing from the page: the dialog's options are the main process's own.
  pickFolder: () => ipcRenderer.invoke(PICK_FOLDER_CHANNEL),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
