import type { ZodType } from 'zod';
import {
  CommandResultSchema, EngineError, QueryResultSchemas,
  type CommandResult, type EngineCommand, type EngineEvent, type EngineQuery, type QueryResult,
} from '../../shared/api/engine-contract.ts';
import type { StackdeckBridge } from '../../main/electron/bridge-contract.ts';
import { decodeEvent, resultOf, validated } from './contract-decoding.ts';
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
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('an engine event listener failed', error);
      }
    }
  });
  const send = async (kind: 'command' | 'query', body: EngineCommand | EngineQuery): Promise<unknown> => {
    if (closed) throw new EngineError('unavailable', 'the transport is closed');
    const id = `${idPrefix}-${++nextId}`;
    return resultOf(await bridge.request({ id, kind, body }), id, 'the Stackdeck window');
  };
  return {
    async command(command: EngineCommand): Promise<CommandResult> {
      return validated(CommandResultSchema, await send('command', command), `the result of ${command.type}`);
    },
    async query<T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>> {
      const schema: ZodType = QueryResultSchemas[query.type];
      return validated(schema, await send('query', query), `the result of ${query.type}`) as QueryResult<T>;
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
