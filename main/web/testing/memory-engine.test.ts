import { describe, expect, it } from 'vitest';
import { EngineError, EngineEventSchema, QueryResultSchemas, type EngineEvent } from '../../../shared/api/engine-contract.ts';
import { createMemoryEngine } from './memory-engine.ts';

describe('createMemoryEngine (the transports\' test peer)', () => {
  it('answers every query with a result that follows the contract', async () => {
    const engine = createMemoryEngine();
    await engine.command({ type: 'start' });
    await engine.command({ type: 'setOverride', service: 'backend', key: 'LOG_LEVEL', value: 'debug' });
    await engine.command({ type: 'startAgentRun', agent_name: 'qa', scenario: 'slow', count: 2 });
    QueryResultSchemas.stackState.parse(await engine.query({ type: 'stackState' }));
    const config = QueryResultSchemas.config.parse(await engine.query({ type: 'config' }));
    expect(config.services.find((service) => service.name === 'backend')?.variables).toEqual([
      expect.objectContaining({ key: 'LOG_LEVEL', value: 'debug', source: { kind: 'override' } }),
    ]);
    const logs = QueryResultSchemas.logBacklog.parse(await engine.query({ type: 'logBacklog', service: 'auth', limit: 1 }));
    expect(logs.lines).toHaveLength(1);
    QueryResultSchemas.crashRecords.parse(await engine.query({ type: 'crashRecords', service: 'auth' }));
    expect(QueryResultSchemas.agentRuns.parse(await engine.query({ type: 'agentRuns' })).runs).toHaveLength(2);
  });

  it('emits a valid event for every change, to every subscriber until it unsubscribes', async () => {
    const engine = createMemoryEngine();
    const first: EngineEvent[] = [];
    const second: EngineEvent[] = [];
    const unsubscribe = engine.subscribe((event) => first.push(event));
    engine.subscribe((event) => second.push(event));
    expect(engine.listenerCount()).toBe(2);
    await engine.command({ type: 'start', service: 'auth' });
    expect(first.map((event) => event.type)).toEqual(['serviceState', 'log']);
    unsubscribe();
    await engine.command({ type: 'startAgentRun', agent_name: 'qa', scenario: 'normal' });
    expect(first).toHaveLength(2);
    expect(second.map((event) => event.type)).toEqual(['serviceState', 'log', 'agentEvent', 'agentRuns']);
    for (const event of second) EngineEventSchema.parse(event);
  });

  it('refuses what the real engine refuses, with EngineError codes', async () => {
    const engine = createMemoryEngine();
    await expect(engine.command({ type: 'start', service: 'nope' })).rejects.toMatchObject({ code: 'unknown_service' });
    await engine.command({ type: 'start', service: 'auth' });
    await expect(engine.command({ type: 'start', service: 'auth' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(engine.command({ type: 'revealValue', service: 'auth', key: 'NONE' })).rejects.toBeInstanceOf(EngineError);
    await expect(engine.command({ type: 'setProfile', profile: 'nope' as 'test' })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('throws the planted fault once, then answers again', async () => {
    const engine = createMemoryEngine();
    engine.breakNextCall(new RangeError('bug'));
    await expect(engine.query({ type: 'stackState' })).rejects.toThrow(RangeError);
    await expect(engine.query({ type: 'stackState' })).resolves.toMatchObject({ profile: 'development' });
  });
});
