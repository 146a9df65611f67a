import type { ZodType } from 'zod';
import { EngineError, EngineEventSchema, EngineResponseSchema, type EngineEvent } from '../../shared/api/engine-contract.ts';

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
