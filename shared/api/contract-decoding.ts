import type { ZodType } from 'zod';
import {
  CommandResultSchema, EngineError, EngineEventSchema, EngineResponseSchema, QueryResultSchemas,
  type CommandResult, type EngineApi, type EngineCommand, type EngineEvent, type EngineQuery, type QueryResult,
} from './engine-contract.ts';

// What every transport does with what comes back: nothing is trusted before it has been validated.

export function validated<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new EngineError('internal', `${what} does not follow the engine contract${issue ? ` (${issue.path.map(String).join('.') || 'value'}: ${issue.message})` : ''}`);
}

// An EngineResponse for request `id`: its result, or the engine's error thrown as an EngineError.
export function resultOf(payload: unknown, id: string, from: string): unknown {
  const answer = EngineResponseSchema.safeParse(payload);
  if (!answer.success) throw new EngineError('internal', `${from}'s answer does not follow the engine contract: ${answer.error.issues[0]?.message ?? 'invalid'}`);
  if (answer.data.id !== id) throw new EngineError('internal', `${from} answered request ${answer.data.id}, not ${id}`);
  if (!answer.data.ok) throw new EngineError(answer.data.error.code, answer.data.error.message);
  return answer.data.result;
}

// An event this page cannot read is shown, not dropped: it means the engine and the page disagree on the contract.
export function decodeEvent(json: unknown, from: string): EngineEvent {
  const parsed = EngineEventSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return { type: 'engineError', message: `${from} sent an event this dashboard does not understand (${parsed.error.issues[0]?.message ?? 'invalid'})` };
}

// The typed command/query pair every transport offers, over its own way of sending a request.
export function contractMethods(send: (kind: 'command' | 'query', body: EngineCommand | EngineQuery) => Promise<unknown>): Pick<EngineApi, 'command' | 'query'> {
  return {
    async command(command: EngineCommand): Promise<CommandResult> {
      return validated(CommandResultSchema, await send('command', command), `the result of ${command.type}`);
    },
    async query<T extends EngineQuery['type']>(query: Extract<EngineQuery, { type: T }>): Promise<QueryResult<T>> {
      const schema: ZodType = QueryResultSchemas[query.type];
      return validated(schema, await send('query', query), `the result of ${query.type}`) as QueryResult<T>;
    },
  };
}

// One event to every listener; a listener that throws is reported and the others still hear it.
export function dispatch(listeners: ReadonlySet<(event: EngineEvent) => void>, event: EngineEvent): void {
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      console.error('an engine event listener failed', error);
    }
  }
}
