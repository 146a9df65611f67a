import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StartAgentRunSchema } from '../../shared/api/agent-events.ts';
import { serviceHeaders } from '../../services/common/service-credentials.ts';
import { rawRequest } from '../../main/web/testing/raw-http.ts';
import { TEST_SECRETS, post } from '../../services/testing/spawn-service.ts';
import { uploadBody } from './support/raw-upload.ts';
import { healthStatuses, servicePairForThisFile } from './support/service-pair.ts';
import { createTally, recordHttpRefusal, summaryLine } from './support/tally.ts';

// Every POST route of the real auth and backend processes, with valid credentials, fed bodies they must refuse.
const GENERATED_RUNS_PER_ROUTE = 100;
const live = servicePairForThisFile();
const tally = createTally();

interface PostRoute {
  name: string;
  port: () => number;
  path: string;
  credentials: () => Record<string, string>;
  // Bodies of the right shape but wrong content, each with the text its refusal must name.
  wrongFields: [unknown, string][];
  // True when a body would be accepted: generated bodies are kept only when it is false.
  wouldAccept: (body: unknown) => boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const ROUTES: PostRoute[] = [
  {
    name: 'auth POST /auth/dev/login', port: () => live.pair.auth.port, path: '/auth/dev/login', credentials: () => ({}),
    wrongFields: [[{ email: 5 }, 'email'], [{ email: 'not-an-email' }, 'email'], [{ email: `${'x'.repeat(60_000)}@example.com` }, 'email'], [{}, 'email'],
      [{ email: 'qa@example.com', admin: true }, 'admin'], [{ email: ['qa@example.com'] }, 'email'], [null, 'expected object'], ['qa@example.com', 'expected object']],
    wouldAccept: (body) => isObject(body) && typeof body.email === 'string',
  },
  {
    name: 'auth POST /auth/validate', port: () => live.pair.auth.port, path: '/auth/validate', credentials: () => serviceHeaders('backend', TEST_SECRETS.SERVICE_SECRET),
    wrongFields: [[{ token: 5 }, 'token'], [{ token: '' }, 'token'], [{ token: 'x'.repeat(9_000) }, 'token is too long'], [{}, 'token'],
      [{ token: 'a.b.c', admin: true }, 'admin'], [{ tokens: ['a.b.c'] }, 'token'], [[{ token: 'a.b.c' }], 'expected object']],
    wouldAccept: (body) => isObject(body) && typeof body.token === 'string',
  },
  {
    name: 'backend POST /api/agents/runs', port: () => live.pair.backend.port, path: '/api/agents/runs', credentials: () => ({ authorization: `Bearer ${live.pair.token}` }),
    wrongFields: [[{ agent_name: 5, scenario: 'normal' }, 'agent_name'], [{ agent_name: '', scenario: 'normal' }, 'agent_name'], [{ agent_name: '   ', scenario: 'normal' }, 'agent_name'],
      [{ agent_name: 'x'.repeat(101), scenario: 'normal' }, 'agent_name'], [{ agent_name: 'qa', scenario: 'explode' }, 'scenario'], [{ agent_name: 'qa' }, 'scenario'],
      [{ agent_name: 'qa', scenario: 'normal', count: 1000 }, 'count'], [{ agent_name: { $ne: null }, scenario: 'normal' }, 'agent_name']],
    wouldAccept: (body) => StartAgentRunSchema.safeParse(body).success,
  },
];

async function send(route: PostRoute, what: string, body: string, contentType = 'application/json') {
  const headers = { ...route.credentials(), ...(contentType ? { 'content-type': contentType } : {}) };
  const answer = await rawRequest({ port: route.port(), path: route.path, method: 'POST', headers, body });
  recordHttpRefusal(tally, `${route.name}: ${what}`, answer.status, answer.text);
  return { status: answer.status, body: JSON.parse(answer.text || '{}') as { error?: string; message?: string } };
}

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe.each(ROUTES)('$name', (route) => {
  it('refuses malformed JSON and deeply nested bodies (under the 64 KiB limit) with 400', async () => {
    const bodies = ['{"email": ', '{', 'nul', "{'token':'x'}", '{"a":1,}', '', '\u0000', '{"a":1}{"b":2}', deep(30_000), `{"email":${deep(7_000)},"token":${deep(7_000)},"agent_name":${deep(7_000)}}`,
      '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}'];
    for (const body of bodies) {
      const answer = await send(route, JSON.stringify(body.slice(0, 40)), body);
      expect(answer.status, body.slice(0, 40)).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }
  });

  it('refuses wrong-typed fields with 400, naming the field', async () => {
    for (const [body, named] of route.wrongFields) {
      const answer = await send(route, JSON.stringify(body).slice(0, 60), JSON.stringify(body));
      expect(answer.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_request', message: expect.stringContaining(named) });
    }
  });

  it('refuses other content types with 400 or 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream', '']) {
      const answer = await send(route, `content-type ${type || '(none)'}`, 'email=qa%40example.com&token=x', type);
      expect([400, 415], type).toContain(answer.status);
    }
  });

  it('refuses several-MB bodies with 413, announced or chunked', async () => {
    const headers = { ...route.credentials(), 'content-type': 'application/json' };
    for (const upload of [
      { what: '5 MB announced', body: Buffer.alloc(64 * 1024, 0x20), declaredBytes: 5 * 1024 * 1024 },
      { what: '50 MB announced', body: Buffer.alloc(64 * 1024, 0x20), declaredBytes: 50 * 1024 * 1024 },
      { what: '200 KiB chunked', body: Buffer.alloc(200 * 1024, 0x20), chunked: true },
    ]) {
      const answer = await uploadBody({ port: route.port(), path: route.path, headers, ...upload });
      recordHttpRefusal(tally, `${route.name}: ${upload.what}`, answer.status, answer.text);
      expect(answer.status, upload.what).toBe(413);
      expect(JSON.parse(answer.text)).toMatchObject({ error: 'body_too_large' });
    }
  });

  it(`refuses ${GENERATED_RUNS_PER_ROUTE} generated JSON bodies with 400`, async () => {
    const field = route.path.endsWith('login') ? 'email' : route.path.endsWith('validate') ? 'token' : 'agent_name';
    const bodies = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ [field]: fc.jsonValue({ maxDepth: 3 }), scenario: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [field] }))
      .filter((body) => !route.wouldAccept(body));
    await fc.assert(fc.asyncProperty(bodies, async (body) => {
      const answer = await send(route, JSON.stringify(body).slice(0, 60), JSON.stringify(body));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
    }), { numRuns: GENERATED_RUNS_PER_ROUTE });
  });
});

describe('afterwards', () => {
  it('both services are healthy and still serve a real caller', async () => {
    expect(await healthStatuses(live.pair)).toEqual([200, 200]);
    const login = await post(`${live.pair.auth.url}/auth/dev/login`, { email: 'after@example.com' });
    expect(login.status).toBe(200);
    const verdict = await post(`${live.pair.auth.url}/auth/validate`, { token: login.body.access_token }, serviceHeaders('backend', TEST_SECRETS.SERVICE_SECRET));
    expect(verdict.body).toMatchObject({ valid: true });
    const run = await post(`${live.pair.backend.url}/api/agents/runs`, { agent_name: 'after', scenario: 'normal' }, { authorization: `Bearer ${String(login.body.access_token)}` });
    expect(run.status).toBe(202);
    expect(tally.unexpected).toEqual([]);
    expect(tally.status5xx).toBe(0);
    console.log(summaryLine('services POST routes (auth, backend)', tally, 'both /health 200 after, login, validate and a run still work'));
  });
});
