import { EngineResponseSchema } from '../../../shared/api/engine-contract.ts';
import { rawRequest, type RawResponse } from '../../../main/web/testing/raw-http.ts';
import type { TestServer } from '../../../main/web/testing/test-server.ts';
import type { AskEngine } from './engine-stack.ts';

// Why: every input test posts to the real /api/request the way the dashboard does: the token, JSON, one request a POST.
export function postEngineRequest(test: TestServer, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest({
    port: test.server.port,
    path: '/api/request',
    method: 'POST',
    headers: { authorization: `Bearer ${test.server.token}`, 'content-type': 'application/json', ...headers },
    body,
  });
}

// Why: the liveness checks ask the engine through the same HTTP door the hostile requests came through.
export function askOverHttp(test: TestServer): AskEngine {
  return async (request) => {
    const answer = await postEngineRequest(test, JSON.stringify(request));
    if (answer.status !== 200) throw new Error(`a valid request got ${answer.status}: ${answer.text}`);
    return EngineResponseSchema.parse(JSON.parse(answer.text));
  };
}
