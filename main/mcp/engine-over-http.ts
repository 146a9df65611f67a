import { contractMethods, resultOf } from '../../shared/api/contract-decoding.ts';
import { EngineError, type StackApi } from '../../shared/api/engine-contract.ts';

// One stack's engine, as far as a tool needs it: commands and queries.
export type EngineRequester = Pick<StackApi, 'command' | 'query'>;

// Why: a running `stackdeck ui` is driven through the door its dashboard uses (POST /api/request with its token), and
// every answer is checked against the contract before a tool reads it.
export function engineOverHttp(baseUrl: string, token: string): EngineRequester {
  let nextId = 0;
  return contractMethods(async (kind, body) => {
    const id = `mcp-${process.pid}-${++nextId}`;
    let response: Response;
    try {
      response = await fetch(new URL('/api/request', baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, kind, body }),
      });
    } catch (error) {
      throw new EngineError('unavailable', `the Stackdeck dashboard at ${baseUrl} cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = payload !== null && typeof payload === 'object' && 'message' in payload && typeof payload.message === 'string' ? payload.message : 'the request was refused';
      throw new EngineError(response.status === 400 ? 'invalid_request' : 'unavailable', `the dashboard at ${baseUrl} answered HTTP ${response.status}: ${message}`);
    }
    return resultOf(payload, id, `the dashboard at ${baseUrl}`);
  });
}
