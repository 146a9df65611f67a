import { describe, expect, it } from 'vitest';
import { EngineError as ContractEngineError } from './engine-contract.ts';
import { ENGINE_ERROR_CODES, EngineError } from './engine-error.ts';

describe('EngineError', () => {
  it('carries its code and message, and is the same class the contract hands to the transports', () => {
    const error = new EngineError('unknown_service', "no service 'x' in this stack");
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ContractEngineError);
    expect([error.code, error.message]).toEqual(['unknown_service', "no service 'x' in this stack"]);
    expect(ContractEngineError).toBe(EngineError);
  });

  it('has the codes the contract\'s error schema accepts', async () => {
    const { EngineErrorSchema } = await import('./engine-contract.ts');
    for (const code of ENGINE_ERROR_CODES) expect(EngineErrorSchema.safeParse({ code, message: 'm' }).success).toBe(true);
    expect(EngineErrorSchema.safeParse({ code: 'teapot', message: 'm' }).success).toBe(false);
  });
});
