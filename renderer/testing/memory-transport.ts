import type { ZodType } from 'zod';
import {
  CommandResultSchema,
  EngineError,
  EngineEventSchema,
  QueryResultSchemas,
  type CommandResult,
  type EngineApi,
  type EngineCommand,
  type EngineEvent,
  type EngineQuery,
  type QueryResult,
} from '../../shared/api/engine-contract.ts';
import type { ConnectionStatus, Transport } from '../transport/transport.ts';

export interface MemoryTransport extends Transport {
  // What the connection bar and the reconnect logic react to: a test plays a drop (events are lost while the status
  // is not 'active') and a recovery.
  setStatus(status: ConnectionStatus): void;
  // How many event listeners the page holds: a test proves views unsubscribe.
  listenerCount(): number;
}

// Why: component tests reach a real engine double through the Transport surface the app gets, contract-checked both ways as the web transport does.
export function createMemoryTransport(engine: EngineApi, initialStatus: ConnectionStatus = 'active'): MemoryTransport {
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const eventListeners = new Set<(event: EngineEvent) => void>();
  let status = initialStatus;
  let closed = false;

  const unsubscribeEngine = engine.subscribe((event) => {
    // As over a real socket: while the connection is down, events are lost (the page must re-query).
    if (status !== 'active') return;
    const parsed = EngineEventSchema.safeParse(event);
    const delivered: EngineEvent = parsed.success ? parsed.data : { type: 'engineError', message: `an event off the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    for (const listener of [...eventListeners]) listener(delivered);
  });

  const ensureOpen = () => {
    if (closed) throw new EngineError('unavailable', 'the transport is closed');
  };

  return {
    async command(command: EngineCommand): Promise<CommandResult> {
      ensureOpen();
      return checked(CommandResultSchema, await engine.command(structuredClone(command)), command.type);
    },
    async query<T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>> {
      ensureOpen();
      const schema: ZodType = QueryResultSchemas[query.type];
      return checked(schema, await engine.query(structuredClone(query)), query.type) as QueryResult<T>;
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => { eventListeners.delete(listener); };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => { statusListeners.delete(listener); };
    },
    close() {
      closed = true;
      unsubscribeEngine();
      eventListeners.clear();
      statusListeners.clear();
    },
    setStatus(next) {
      if (next === status) return;
      status = next;
      for (const listener of [...statusListeners]) listener(next);
    },
    listenerCount: () => eventListeners.size,
  };
}

function checked<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(structuredClone(value));
  if (parsed.success) return parsed.data;
  throw new EngineError('internal', `the answer to ${what} does not follow the engine contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}
