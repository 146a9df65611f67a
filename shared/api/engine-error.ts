// The engine's own failures, apart from the contract's schemas (engine-contract.ts): the engine throws these on every path,
// and loading the contract's ~400 zod schemas with them cost `stackdeck up` ~20 ms before its first service started.

export const ENGINE_ERROR_CODES = ['invalid_request', 'unknown_service', 'conflict', 'unavailable', 'internal'] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

// Why: a failure the engine explains to its caller (unknown service, bad input), as opposed to a bug.
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
