import type { EngineApi, EngineEvent, EngineResponse } from '../../shared/api/engine-contract.ts';
import type { PickedFolder } from '../../shared/api/folder-picker.ts';
import { answerRequest, type ErrorLog } from '../web/answer-request.ts';
import { parseEngineRequest } from '../web/parse-engine-request.ts';
import { isAppUrl } from './navigation-policy.ts';

// What an IPC handler gets to know about who sent the message (Electron's IpcMainInvokeEvent, narrowed).
export interface IpcSender {
  senderFrame: { url: string } | null;
  sender: { id: number };
}

// Why: the page is untrusted input too: a request is answered only from our own window's own frame, and only if it fits the contract.
export function createRequestHandler(engine: EngineApi, trustedWebContentsId: () => number | undefined, log: ErrorLog) {
  return async (event: IpcSender, payload: unknown): Promise<EngineResponse> => {
    const id = typeof payload === 'object' && payload !== null && typeof (payload as { id?: unknown }).id === 'string' ? (payload as { id: string }).id.slice(0, 64) : '';
    if (!isTrustedSender(event, trustedWebContentsId, log)) {
      return { id, ok: false, error: { code: 'invalid_request', message: 'refused: the request did not come from the Stackdeck window' } };
    }
    const parsed = parseEngineRequest(payload);
    if (!parsed.ok) return { id, ok: false, error: { code: 'invalid_request', message: parsed.message } };
    return answerRequest(engine, parsed.request, log);
  };
}

// Why: the native folder dialog opens only for our own window's own frame; the page learns the folder, never the dialog.
export function createPickFolderHandler(trustedWebContentsId: () => number | undefined, showFolderDialog: () => Promise<string | null>, log: ErrorLog) {
  return async (event: IpcSender): Promise<PickedFolder> => {
    if (!isTrustedSender(event, trustedWebContentsId, log)) return { root: null };
    return { root: await showFolderDialog() };
  };
}

function isTrustedSender(event: IpcSender, trustedWebContentsId: () => number | undefined, log: ErrorLog): boolean {
  const frameUrl = event.senderFrame?.url ?? '';
  if (event.sender.id === trustedWebContentsId() && isAppUrl(frameUrl)) return true;
  log('refused an IPC request from an untrusted sender', new Error(frameUrl || 'no frame'));
  return false;
}

// Events reach the window while it exists; a reloaded or crashed page just misses them and re-queries, the engine goes on.
export function forwardEvents(engine: EngineApi, send: (event: EngineEvent) => boolean): () => void {
  return engine.subscribe((event) => {
    send(event);
  });
}
