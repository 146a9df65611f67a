import { EngineError, type EngineCommand, type EngineEvent, type EngineQuery } from '../../shared/api/engine-contract.ts';
import { PickedFolderSchema } from '../../shared/api/folder-picker.ts';
import type { StackdeckBridge } from '../../main/electron/bridge-contract.ts';
import { contractMethods, decodeEvent, dispatch, resultOf, validated } from '../../shared/api/contract-decoding.ts';
import type { ConnectionStatus, Transport } from './transport.ts';

// Why: in the Electron window the preload's one small bridge carries requests and events; this turns it into the same
// Transport browser mode has, validating every answer and event. IPC does not drop, so the status is simply active.
export function createIpcTransport(bridge: StackdeckBridge): Transport {
  const idPrefix = Math.random().toString(36).slice(2, 8);
  let nextId = 0;
  let closed = false;
  const listeners = new Set<(event: EngineEvent) => void>();
  const stopBridge = bridge.onEvent((payload) => {
    const event = decodeEvent(payload, 'the Stackdeck window');
    dispatch(listeners, event);
  });
  const send = async (kind: 'command' | 'query', body: EngineCommand | EngineQuery): Promise<unknown> => {
    if (closed) throw new EngineError('unavailable', 'the transport is closed');
    const id = `${idPrefix}-${++nextId}`;
    return resultOf(await bridge.request({ id, kind, body }), id, 'the Stackdeck window');
  };
  return {
    ...contractMethods(send),
    async pickFolder() {
      if (closed) throw new EngineError('unavailable', 'the transport is closed');
      return validated(PickedFolderSchema, await bridge.pickFolder(), 'the folder dialog\'s answer').root;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    onStatus(listener: (status: ConnectionStatus) => void) {
      listener(closed ? 'reconnecting' : 'active');
      return () => {};
    },
    close() {
      closed = true;
      listeners.clear();
      stopBridge();
    },
  };
}
