import { describe, expect, it } from 'vitest';
import { parseEngineRequest } from './parse-engine-request.ts';

function messageFor(body: unknown): string {
  const outcome = parseEngineRequest(body);
  if (outcome.ok) throw new Error('expected the request to be refused');
  return outcome.message;
}

describe('parseEngineRequest', () => {
  it('accepts a command and a query, applying the contract\'s defaults', () => {
    expect(parseEngineRequest({ id: 'a1', kind: 'query', body: { type: 'logBacklog', service: 'auth' } }))
      .toEqual({ ok: true, request: { id: 'a1', kind: 'query', body: { type: 'logBacklog', service: 'auth', limit: 5_000 } } });
    expect(parseEngineRequest({ id: 'a2', kind: 'command', body: { type: 'startAgentRun', agent_name: 'x', scenario: 'hang' } }))
      .toEqual({ ok: true, request: { id: 'a2', kind: 'command', body: { type: 'startAgentRun', agent_name: 'x', scenario: 'hang', count: 1 } } });
  });

  it('names the field of a wrong type', () => {
    expect(messageFor({ id: 7, kind: 'query', body: { type: 'stackState' } })).toBe('id: Invalid input: expected string, received number');
    expect(messageFor({ id: 'a', kind: 'query', body: { type: 'logBacklog', service: 'auth', limit: 'all' } })).toContain('body.limit: ');
    expect(messageFor({ id: 'a', kind: 'command', body: { type: 'start', service: 'Auth!' } })).toBe('body.service: a service name is lower-case letters, digits and dashes');
  });

  it('says which kind or type is unknown, and what it could be', () => {
    expect(messageFor({ id: 'a', kind: 'shout', body: {} })).toBe('kind: unknown request kind "shout"; expected one of command, query');
    expect(messageFor({ id: 'a', kind: 'query', body: { type: 'secrets' } }))
      .toBe('body.type: unknown query type "secrets"; expected one of stackState, config, logBacklog, crashRecords, agentRuns, changeLog, agentRunDetail, recentStacks');
    expect(messageFor({ id: 'a', kind: 'command', body: { type: 'rm -rf' } })).toMatch(/^body\.type: unknown command type "rm -rf"; expected one of start, stop, /);
    expect(messageFor({ id: 'a', kind: 'command', body: {} })).toMatch(/^body\.type: missing command type; expected one of start/);
  });

  it('refuses unknown fields and missing parts', () => {
    expect(messageFor({ id: 'a', kind: 'query', body: { type: 'stackState', extra: 1 } })).toBe('body: Unrecognized key: "extra"');
    expect(messageFor({ id: 'a', kind: 'query', body: { type: 'stackState' }, admin: true })).toBe('the request: Unrecognized key: "admin"');
    expect(messageFor({ id: 'a', kind: 'query' })).toBe('body: Invalid input: expected object, received undefined');
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'stackState', 42]) expect(messageFor(body)).toMatch(/^the request: Invalid input: expected object/);
  });

  it('quotes at most a short excerpt of what was sent', () => {
    expect(messageFor({ id: 'a', kind: 'x'.repeat(10_000), body: {} }).length).toBeLessThan(200);
  });

  // Regression: a deeply nested, cyclic or BigInt discriminator made the excerpt's JSON.stringify throw (HTTP 500, a rejected IPC call).
  it('refuses a kind or type that is not a string by saying so, whatever it holds', () => {
    const deep: unknown = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(messageFor({ id: 'a', kind: deep, body: {} })).toBe('kind: the request kind must be a string, not an array; expected one of command, query');
    expect(messageFor({ id: 'a', kind: 'query', body: { type: cyclic } })).toMatch(/^body\.type: the query type must be a string, not an object; expected one of stackState, /);
    expect(messageFor({ id: 'a', kind: 10n, body: {} })).toBe('kind: the request kind must be a string, not a bigint; expected one of command, query');
    expect(messageFor({ id: 'a', kind: 'command', body: { type: 7 } })).toMatch(/^body\.type: the command type must be a string, not a number; expected one of start, /);
  });

  it('names at most five unknown keys, each cut short, and counts the rest', () => {
    const keys = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}${'x'.repeat(index === 0 ? 500 : 0)}`, 1]));
    const message = messageFor({ id: 'a', kind: 'query', body: { type: 'stackState' }, ...keys });
    expect(message).toMatch(/^the request: Unrecognized keys: "k0x{57}\.\.\., "k1", "k2", "k3", "k4" and 9995 more$/);
  });
});
