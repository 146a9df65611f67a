import { describe, expect, it } from 'vitest';
import { EngineError, QueryResultSchemas } from '../../shared/api/engine-contract.ts';
import { INTERNAL_ERROR_MESSAGE, answerRequest } from './answer-request.ts';
import { parseEngineRequest, type ParsedEngineRequest } from './parse-engine-request.ts';
import { createMemoryEngine } from './testing/memory-engine.ts';

function parsed(body: unknown): ParsedEngineRequest {
  const outcome = parseEngineRequest(body);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.request;
}

function collectingLog() {
  const entries: { message: string; error: unknown }[] = [];
  return { entries, log: (message: string, error: unknown) => { entries.push({ message, error }); } };
}

describe('answerRequest', () => {
  it('answers a command and a query with the engine\'s result under the request id', async () => {
    const engine = createMemoryEngine();
    const { entries, log } = collectingLog();
    expect(await answerRequest(engine, parsed({ id: 'c1', kind: 'command', body: { type: 'start', service: 'auth' } }), log))
      .toEqual({ id: 'c1', ok: true, result: { message: 'started auth' } });
    const answer = await answerRequest(engine, parsed({ id: 'q1', kind: 'query', body: { type: 'stackState' } }), log);
    expect(answer).toMatchObject({ id: 'q1', ok: true });
    const state = QueryResultSchemas.stackState.parse(answer.ok ? answer.result : null);
    expect(state.services.find((service) => service.name === 'auth')?.state).toBe('ready');
    expect(entries).toEqual([]);
  });

  it('gives an EngineError to the caller with its code and message, without logging it', async () => {
    const { entries, log } = collectingLog();
    const engine = createMemoryEngine();
    expect(await answerRequest(engine, parsed({ id: 'e1', kind: 'query', body: { type: 'logBacklog', service: 'nope' } }), log))
      .toEqual({ id: 'e1', ok: false, error: { code: 'unknown_service', message: 'no service "nope"; this stack has auth, backend' } });
    engine.breakNextCall(new EngineError('conflict', 'busy'));
    expect(await answerRequest(engine, parsed({ id: 'e2', kind: 'command', body: { type: 'stop' } }), log))
      .toEqual({ id: 'e2', ok: false, error: { code: 'conflict', message: 'busy' } });
    expect(entries).toEqual([]);
  });

  it('answers any other failure as internal with a generic message, and logs it', async () => {
    const { entries, log } = collectingLog();
    const engine = createMemoryEngine();
    const bug = new TypeError("Cannot read properties of undefined (reading 'password=hunter2')");
    engine.breakNextCall(bug);
    const answer = await answerRequest(engine, parsed({ id: 'i1', kind: 'command', body: { type: 'restart', service: 'auth' } }), log);
    expect(answer).toEqual({ id: 'i1', ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    expect(JSON.stringify(answer)).not.toContain('hunter2');
    expect(entries).toEqual([{ message: 'command restart failed', error: bug }]);

    engine.breakNextCall('a thrown string');
    expect(await answerRequest(engine, parsed({ id: 'i2', kind: 'query', body: { type: 'config' } }), log))
      .toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(entries[1]).toEqual({ message: 'query config failed', error: 'a thrown string' });

    expect(await answerRequest(engine, parsed({ id: 'i3', kind: 'query', body: { type: 'agentRuns' } }), log)).toMatchObject({ id: 'i3', ok: true });
  });
});
