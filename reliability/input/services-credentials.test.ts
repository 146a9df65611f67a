import { describe, expect, it } from 'vitest';
import { SERVICE_ID_HEADER, SERVICE_SECRET_HEADER } from '../../services/common/service-credentials.ts';
import { rawRequest } from '../../main/web/testing/raw-http.ts';
import { TEST_SECRETS, logRecords } from '../../services/testing/spawn-service.ts';
import { healthStatuses, servicePairForThisFile } from './support/service-pair.ts';
import { createTally, recordHttpRefusal, summaryLine } from './support/tally.ts';

// Wrong, missing and misplaced credentials on the real services: bearer tokens on the backend's API, the
// SERVICE_ID / SERVICE_SECRET headers on auth's service-to-service route.
const live = servicePairForThisFile();
const tally = createTally();

const RUN_BODY = JSON.stringify({ agent_name: 'intruder', scenario: 'normal' });

describe('backend routes without a valid bearer token', () => {
  // Each entry: what is wrong, the headers and path suffix that carry it.
  const attempts = (token: string): [string, Record<string, string>, string][] => [
    ['no Authorization header', {}, ''],
    ['an empty Bearer', { authorization: 'Bearer ' }, ''],
    ['Basic credentials', { authorization: `Basic ${Buffer.from('qa:pw').toString('base64')}` }, ''],
    ['the token without "Bearer"', { authorization: token }, ''],
    ['two tokens', { authorization: `Bearer ${token} ${token}` }, ''],
    ['the token in the query string', {}, `?token=${token}`],
    ['the token in a cookie', { cookie: `token=${token}` }, ''],
    ['the token in X-Access-Token', { 'x-access-token': token }, ''],
    ['a junk token', { authorization: 'Bearer junk' }, ''],
    ['a three-part junk token', { authorization: 'Bearer a.b.c' }, ''],
    ['the token with its signature cut', { authorization: `Bearer ${token.slice(0, token.lastIndexOf('.') + 1)}` }, ''],
    ['the token with one signature character changed', { authorization: `Bearer ${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.slice(-1)}` }, ''],
    ['a 9 000-character token', { authorization: `Bearer ${'t'.repeat(9_000)}` }, ''],
    ['a 15 000-character token', { authorization: `Bearer ${'t'.repeat(15_000)}` }, ''],
    ['the service secret as a token', { authorization: `Bearer ${TEST_SECRETS.SERVICE_SECRET}` }, ''],
  ];

  it.each([['GET', '/api/me'], ['GET', '/api/agents/runs'], ['POST', '/api/agents/runs'], ['GET', '/api/agents/runs/run_1']])('%s %s answers 401 with a reason', async (method, path) => {
    for (const [what, headers, suffix] of attempts(live.pair.token)) {
      const answer = await rawRequest({
        port: live.pair.backend.port, path: `${path}${suffix}`, method,
        headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, body: method === 'POST' ? RUN_BODY : undefined,
      });
      recordHttpRefusal(tally, `${method} ${path}: ${what}`, answer.status, answer.text);
      expect(answer.status, what).toBe(401);
      expect(JSON.parse(answer.text), what).toMatchObject({ error: expect.stringMatching(/^(missing_token|invalid_token)$/), message: expect.any(String) });
    }
  });

  it('refuses a header too large to read with 431, and a real token still works afterwards', async () => {
    const answer = await rawRequest({ port: live.pair.backend.port, path: '/api/me', headers: { authorization: `Bearer ${'t'.repeat(20_000)}` } });
    recordHttpRefusal(tally, '20 000-character Authorization', answer.status, answer.text);
    expect(answer.status).toBe(431);
    const me = await rawRequest({ port: live.pair.backend.port, path: '/api/me', headers: { authorization: `Bearer ${live.pair.token}` } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ email: 'qa@example.com' });
    // No refused POST started a run.
    const runs = await rawRequest({ port: live.pair.backend.port, path: '/api/agents/runs', headers: { authorization: `Bearer ${live.pair.token}` } });
    expect((JSON.parse(runs.text) as { runs: { agent_name: string }[] }).runs.filter((run) => run.agent_name === 'intruder')).toEqual([]);
  });
});

describe('auth POST /auth/validate without valid service credentials', () => {
  const secret = TEST_SECRETS.SERVICE_SECRET;
  const attempts: [string, Record<string, string>][] = [
    ['no headers', {}],
    ['an id without a secret', { [SERVICE_ID_HEADER]: 'backend' }],
    ['a secret without an id', { [SERVICE_SECRET_HEADER]: secret }],
    ['an empty secret', { [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: '' }],
    ['a wrong secret of the same length', { [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}` }],
    ['the secret with one character more', { [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: `${secret}x` }],
    ['a prefix of the secret', { [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: secret.slice(0, 10) }],
    ['the JWT secret instead', { [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: TEST_SECRETS.JWT_SECRET_KEY }],
    ['a foreign id with a wrong secret', { [SERVICE_ID_HEADER]: 'intruder', [SERVICE_SECRET_HEADER]: 'guess' }],
    ['the secret as a bearer token', { [SERVICE_ID_HEADER]: 'backend', authorization: `Bearer ${secret}` }],
    ['the secret in X-Service-Token', { [SERVICE_ID_HEADER]: 'backend', 'x-service-token': secret }],
  ];

  it('answers 401 service_unauthorized, with a valid token and with a malformed body alike', async () => {
    for (const [what, headers] of attempts) {
      for (const body of [JSON.stringify({ token: live.pair.token }), JSON.stringify({ token: live.pair.token, [SERVICE_SECRET_HEADER]: secret })]) {
        const answer = await rawRequest({ port: live.pair.auth.port, path: '/auth/validate', method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
        recordHttpRefusal(tally, `validate: ${what}`, answer.status, answer.text);
        expect(answer.status, what).toBe(401);
        expect(JSON.parse(answer.text), what).toMatchObject({ error: 'service_unauthorized', message: expect.stringContaining(SERVICE_SECRET_HEADER) });
      }
    }
    expect(JSON.stringify(logRecords(live.pair.auth))).not.toContain(secret);
  });

  it('afterwards both services are healthy', async () => {
    expect(await healthStatuses(live.pair)).toEqual([200, 200]);
    expect(tally.unexpected).toEqual([]);
    expect(tally.status5xx).toBe(0);
    console.log(summaryLine('services credentials (bearer on backend, service headers on auth)', tally, 'both /health 200 after, a real token still answers /api/me'));
  });
});
