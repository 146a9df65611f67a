import { EngineError, type EngineApi, type EngineQuery, type EngineResponse } from '../../shared/api/engine-contract.ts';
import type { ParsedEngineRequest } from './parse-engine-request.ts';

// Where an unexpected failure is reported: the server's log, never the caller.
export type ErrorLog = (message: string, error: unknown) => void;

export const INTERNAL_ERROR_MESSAGE = 'the engine failed to handle the request; the launcher log has the details';

// Why: every request gets an answer; an EngineError is the caller's to read, any other failure is a bug kept in the log.
export async function answerRequest(engine: EngineApi, request: ParsedEngineRequest, log: ErrorLog): Promise<EngineResponse> {
  try {
    const result = request.kind === 'command'
      ? await engine.command(request.body)
      : await engine.query<EngineQuery['type']>(request.body);
    return { id: request.id, ok: true, result };
  } catch (error) {
    if (error instanceof EngineError) return { id: request.id, ok: false, error: { code: error.code, message: error.message } };
    log(`${request.kind} ${request.body.type} failed`, error);
    return { id: request.id, ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } };
  }
}
