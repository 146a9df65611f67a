import fc from 'fast-check';
import { EngineRequestSchema } from '../../../shared/api/engine-contract.ts';

// Hostile engine requests for every transport (browser-mode HTTP, Electron IPC), against the stack of engine-stack.ts.

export interface MalformedRequest {
  what: string;
  // The request as sent over HTTP; JSON.parse(json) is what the IPC handler gets.
  json: string;
  // Where the refusal must point: its message starts with this and a colon (a field path, or "the request").
  field: string;
}

const QUERY = { type: 'stackState' };
const COMMAND_TYPES = ['start', 'stop', 'restart', 'setOverride', 'clearOverride', 'setProfile', 'startAgentRun', 'revealValue'] as const;
const QUERY_TYPES = ['stackState', 'config', 'logBacklog', 'crashRecords', 'agentRuns'] as const;

// Deep values are kept as JSON text: JSON.parse reads any depth, JSON.stringify (and so a test) may overflow the stack on them.
const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const DEPTH = 20_000;

const command = (body: Record<string, unknown>) => ({ id: 'm1', kind: 'command', body });
const query = (body: Record<string, unknown>) => ({ id: 'm1', kind: 'query', body });

// Why: one hand-written corpus of wrong shapes, types, sizes and depths, each with the field its refusal must name; all JSON.
export function malformedEngineRequests(): MalformedRequest[] {
  const cases: [string, unknown, string][] = [
    ['null', null, 'the request'],
    ['a number', 42, 'the request'],
    ['a string', 'stackState', 'the request'],
    ['a boolean', true, 'the request'],
    ['an empty array', [], 'the request'],
    ['a request inside an array', [{ id: 'm1', kind: 'query', body: QUERY }], 'the request'],
    ['an empty object', {}, 'kind'],
    ['an unknown kind', { id: 'm1', kind: 'subscribe', body: {} }, 'kind'],
    ['a number kind', { id: 'm1', kind: 7, body: QUERY }, 'kind'],
    ['a null kind', { id: 'm1', kind: null, body: QUERY }, 'kind'],
    ['a 100 000-character kind', { id: 'm1', kind: 'k'.repeat(100_000), body: QUERY }, 'kind'],
    ['a number id', { id: 5, kind: 'query', body: QUERY }, 'id'],
    ['an empty id', { id: '', kind: 'query', body: QUERY }, 'id'],
    ['a 65-character id', { id: 'x'.repeat(65), kind: 'query', body: QUERY }, 'id'],
    ['a 200 000-character id', { id: 'x'.repeat(200_000), kind: 'query', body: QUERY }, 'id'],
    ['an object id', { id: { toString: 'm1' }, kind: 'query', body: QUERY }, 'id'],
    ['no body', { id: 'm1', kind: 'query' }, 'body'],
    ['a string body', { id: 'm1', kind: 'query', body: 'stackState' }, 'body'],
    ['an extra key on the request', { id: 'm1', kind: 'query', body: QUERY, admin: true }, 'the request'],
    ['an unknown query type', query({ type: 'allSecrets' }), 'body.type'],
    ['an unknown command type', command({ type: 'exec', cmd: 'rm -rf /' }), 'body.type'],
    ['a missing command type', command({}), 'body.type'],
    ['a number query type', query({ type: 1 }), 'body.type'],
    ['a lone surrogate and control characters as type', query({ type: '\ud800\u0000\u202e' }), 'body.type'],
    ['an extra key on the query', query({ type: 'stackState', extra: 1 }), 'body'],
    ['an extra key on the command', command({ type: 'stop', force: true }), 'body'],
    ['a string limit', query({ type: 'logBacklog', service: 'svc', limit: 'all' }), 'body.limit'],
    ['a zero limit', query({ type: 'logBacklog', service: 'svc', limit: 0 }), 'body.limit'],
    ['a fractional limit', query({ type: 'logBacklog', service: 'svc', limit: 1.5 }), 'body.limit'],
    ['a huge limit', query({ type: 'logBacklog', service: 'svc', limit: 1e300 }), 'body.limit'],
    ['a missing service', query({ type: 'crashRecords' }), 'body.service'],
    ['a path as service', command({ type: 'start', service: '../etc' }), 'body.service'],
    ['an upper-case service', command({ type: 'stop', service: 'SVC' }), 'body.service'],
    ['a number service', command({ type: 'restart', service: 123 }), 'body.service'],
    ['a 65-character service', command({ type: 'start', service: 's'.repeat(65) }), 'body.service'],
    ['a key with a space', command({ type: 'setOverride', service: 'svc', key: 'A B', value: 'x' }), 'body.key'],
    ['a 257-character key', command({ type: 'clearOverride', service: 'svc', key: 'K'.repeat(257) }), 'body.key'],
    ['a value over 64 KiB', command({ type: 'setOverride', service: 'svc', key: 'K', value: 'v'.repeat(64 * 1024 + 1) }), 'body.value'],
    ['a number value', command({ type: 'setOverride', service: 'svc', key: 'K', value: 5 }), 'body.value'],
    ['an unknown profile', command({ type: 'setProfile', profile: 'root' }), 'body.profile'],
    ['an empty agent name', command({ type: 'startAgentRun', agent_name: '', scenario: 'normal' }), 'body.agent_name'],
    ['a blank agent name', command({ type: 'startAgentRun', agent_name: '   ', scenario: 'normal' }), 'body.agent_name'],
    ['an unknown scenario', command({ type: 'startAgentRun', agent_name: 'qa', scenario: 'explode' }), 'body.scenario'],
    ['a zero count', command({ type: 'startAgentRun', agent_name: 'qa', scenario: 'normal', count: 0 }), 'body.count'],
    ['a count of a billion', command({ type: 'startAgentRun', agent_name: 'qa', scenario: 'normal', count: 1e9 }), 'body.count'],
    ['a reveal without key', command({ type: 'revealValue', service: 'svc' }), 'body.key'],
  ];
  const deep: [string, string, string][] = [
    ['a kind 20 000 arrays deep', `{"id":"m1","kind":${nestedArray(DEPTH)},"body":{"type":"stackState"}}`, 'kind'],
    ['a kind 20 000 objects deep', `{"id":"m1","kind":${nestedObject(DEPTH)},"body":{"type":"stackState"}}`, 'kind'],
    ['a body 20 000 arrays deep', `{"id":"m1","kind":"query","body":${nestedArray(DEPTH)}}`, 'body'],
    ['a query type 20 000 objects deep', `{"id":"m1","kind":"query","body":{"type":${nestedObject(DEPTH)}}}`, 'body.type'],
    ['a command type 20 000 arrays deep', `{"id":"m1","kind":"command","body":{"type":${nestedArray(DEPTH)}}}`, 'body.type'],
    ['a service 20 000 arrays deep', `{"id":"m1","kind":"command","body":{"type":"start","service":${nestedArray(DEPTH)}}}`, 'body.service'],
    ['a top-level array 100 000 deep', nestedArray(100_000), 'the request'],
  ];
  return [...cases.map(([what, payload, field]) => ({ what, json: JSON.stringify(payload), field })), ...deep.map(([what, json, field]) => ({ what, json, field }))];
}

// Why: well-formed requests naming services this stack does not have: the engine refuses them as unknown_service.
export function unknownServiceRequests(): { what: string; payload: unknown }[] {
  return [
    ['start billing', command({ type: 'start', service: 'billing' })],
    ['stop auth (not in this stack)', command({ type: 'stop', service: 'auth' })],
    ['restart a 64-character name', command({ type: 'restart', service: 'z'.repeat(64) })],
    ['override on billing', command({ type: 'setOverride', service: 'billing', key: 'K', value: 'v' })],
    ['reveal on billing', command({ type: 'revealValue', service: 'billing', key: 'JWT_SECRET_KEY' })],
    ['log backlog of billing', query({ type: 'logBacklog', service: 'billing' })],
    ['crash records of billing', query({ type: 'crashRecords', service: 'billing' })],
  ].map(([what, payload]) => ({ what: String(what), payload }));
}

// Why: property-based payloads: a value from `values` as the whole request or in one slot of a real request shape,
// kept only when the contract refuses it (so a generated request can never start or change anything).
export function arbitraryMalformedRequest(values: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const slots = fc.record({
    type: fc.constantFrom(...COMMAND_TYPES, ...QUERY_TYPES),
    service: values, key: values, value: values, profile: values, agent_name: values, scenario: values, count: values, limit: values,
  }, { requiredKeys: ['type'] });
  return fc.oneof(
    values,
    fc.record({ id: values, kind: fc.constantFrom('query', 'command'), body: fc.constant(QUERY) }),
    fc.record({ id: fc.constant('f1'), kind: values, body: fc.constant(QUERY) }),
    fc.record({ id: fc.constant('f1'), kind: fc.constantFrom('query', 'command'), body: values }),
    fc.record({ id: fc.constant('f1'), kind: fc.constantFrom('query', 'command'), body: slots }),
  ).filter((payload) => !EngineRequestSchema.safeParse(payload).success);
}

// Why: well-formed requests for generated service names the stack does not have: refused by the engine, never run.
export function arbitraryUnknownServiceRequest(known: readonly string[]): fc.Arbitrary<unknown> {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,63}$/).filter((candidate) => candidate.length <= 64 && !known.includes(candidate));
  return fc.oneof(
    fc.record({ id: fc.constant('u1'), kind: fc.constant('command'), body: fc.record({ type: fc.constantFrom('start', 'stop', 'restart'), service: name }) }),
    fc.record({ id: fc.constant('u1'), kind: fc.constant('query'), body: fc.record({ type: fc.constant('crashRecords'), service: name }) }),
  );
}
