import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineResponseSchema, QueryResultSchemas } from '../../shared/api/engine-contract.ts';
import { pageCookieName, pageKey } from '../../main/web/page-cookie.ts';
import { rawRequest } from '../../main/web/testing/raw-http.ts';
import { connectClient, upgradeRefusal } from '../../main/web/testing/ws-client.ts';
import { startUi, type RunningUi } from '../../e2e/support/stackdeck-ui.ts';
import { listeningAddressesOf } from '../support/proc.ts';

// `stackdeck ui --no-open` as a real child process: who may talk to it. Every refusal is an HTTP 401/403 with a JSON
// reason (a refused WebSocket upgrade too); the right token from the right page is the positive control.
let ui: RunningUi;
let port: number;
let token: string;
const counts = { http: 0, httpRefused: 0, ws: 0, wsRefused: 0 };
// A command that would leave a trace if any refused request reached the engine.
const OVERRIDE = JSON.stringify({ id: 'pwn', kind: 'command', body: { type: 'setOverride', service: 'auth', key: 'PWNED', value: '1' } });

beforeAll(async () => {
  ui = await startUi();
  const url = new URL(ui.url);
  port = Number(url.port);
  token = url.searchParams.get('token') ?? '';
}, 60_000);

afterAll(async () => {
  await ui.stop();
}, 60_000);

const host = () => `127.0.0.1:${port}`;
const bearer = () => ({ authorization: `Bearer ${token}` });
const otherToken = () => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

async function askEngine(body: string) {
  const answer = await rawRequest({ port, path: '/api/request', method: 'POST', headers: { ...bearer(), host: host(), 'content-type': 'application/json' }, body });
  expect(answer.status).toBe(200);
  return EngineResponseSchema.parse(JSON.parse(answer.text));
}

describe('stackdeck ui (browser mode) as a real process', () => {
  it('listens on 127.0.0.1 only', () => {
    const pid = ui.child.pid ?? 0;
    const addresses = listeningAddressesOf(pid);
    expect(addresses).toContain(`127.0.0.1:${port}`);
    expect(addresses.filter((address) => !address.startsWith('127.0.0.1:'))).toEqual([]);
    console.log(`[reliability] browser mode bind: pid ${pid} listens on ${addresses.join(', ')} (all 127.0.0.1)`);
  });

  it('answers the right token from the right host (positive control): the API, the page and the events socket', async () => {
    const state = await askEngine(JSON.stringify({ id: 'ok', kind: 'query', body: { type: 'stackState' } }));
    expect(state.ok && QueryResultSchemas.stackState.parse(state.result).services.map((service) => service.name)).toEqual(['auth', 'backend']);
    expect((await rawRequest({ port, path: `/?token=${token}`, headers: { host: host() } })).status).toBe(200);
    const client = await connectClient(`ws://${host()}/api/events?token=${token}`, { origin: `http://${host()}` });
    client.socket.close();
  });

  it('refuses HTTP requests with no token, a wrong one, or one in the wrong place: 401 and why', async () => {
    const attempts: [string, string, Record<string, string>][] = [
      ['no token', '/api/request', {}],
      ['a wrong bearer token', '/api/request', { authorization: `Bearer ${otherToken()}` }],
      ['a wrong ?token=', `/api/request?token=${otherToken()}`, {}],
      ['an empty bearer', '/api/request', { authorization: 'Bearer ' }],
      ['the token without "Bearer"', '/api/request', { authorization: token }],
      ['the token as Basic credentials', '/api/request', { authorization: `Basic ${Buffer.from(`stackdeck:${token}`).toString('base64')}` }],
      ['the token in X-Token', '/api/request', { 'x-token': token }],
      ['the token in a cookie named token', '/api/request', { cookie: `token=${token}` }],
      ['the page cookie on the API', '/api/request', { cookie: `${pageCookieName(port)}=${pageKey(token)}` }],
      ['the token in ?access_token=', `/api/request?access_token=${token}`, {}],
      ['the token in ?TOKEN=', `/api/request?TOKEN=${token}`, {}],
      ['the token as a path segment', `/api/request/${token}`, {}],
      ['no token for the page', '/', {}],
      ['a wrong token for the page', `/?token=${otherToken()}`, {}],
    ];
    for (const [what, path, headers] of attempts) {
      const answer = await rawRequest({ port, path, method: path === '/' || path.startsWith('/?') ? 'GET' : 'POST', headers: { host: host(), 'content-type': 'application/json', ...headers }, body: path.startsWith('/api') ? OVERRIDE : undefined });
      counts.http++;
      expect(answer.status, what).toBe(401);
      expect(JSON.parse(answer.text), what).toMatchObject({ error: expect.stringMatching(/^(missing_token|wrong_token|bad_authorization)$/), message: expect.any(String) });
      counts.httpRefused++;
    }
  });

  it('refuses the right token from a foreign Origin or a rebound Host: 403 and why', async () => {
    const origins = ['https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `http://localhost.evil.example:${port}`, `http://127.0.0.1:${port}.evil.example`,
      `https://127.0.0.1:${port}`, 'file://', `http://127.0.0.1:${port}@evil.example`];
    const hosts = [`evil.example:${port}`, '127.0.0.1.evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`, 'evil.example', '127.0.0.1',
      `localhost:${port + 1}`, `[::1]:${port}`, `0.0.0.0:${port}`, `127.0.0.2:${port}`, `2130706433:${port}`, `127.0.0.1:${port}@evil.example`];
    const attempts: [string, Record<string, string>, string][] = [
      ...origins.map((origin): [string, Record<string, string>, string] => [`Origin ${origin}`, { origin }, 'forbidden_origin']),
      ...hosts.map((forged): [string, Record<string, string>, string] => [`Host "${forged}"`, { host: forged }, 'forbidden_host']),
    ];
    for (const [what, headers, error] of attempts) {
      for (const [path, method] of [['/api/request', 'POST'], [`/?token=${token}`, 'GET']] as const) {
        const answer = await rawRequest({ port, path, method, headers: { host: host(), ...bearer(), 'content-type': 'application/json', ...headers }, body: method === 'POST' ? OVERRIDE : undefined });
        counts.http++;
        expect(answer.status, `${what} ${method} ${path.split('?')[0]}`).toBe(403);
        expect(JSON.parse(answer.text), what).toMatchObject({ error, message: expect.any(String) });
        counts.httpRefused++;
      }
    }
  });

  it('refuses cross-site and tokenless WebSocket upgrades with 401/403 and why', async () => {
    const base = `ws://${host()}/api/events`;
    const attempts: [string, string, Record<string, unknown>, number, string][] = [
      ['no token', base, {}, 401, 'missing_token'],
      ['a wrong token', `${base}?token=${otherToken()}`, {}, 401, 'wrong_token'],
      ['the token in a cookie', base, { headers: { cookie: `token=${token}` } }, 401, 'missing_token'],
      ['the page cookie', base, { headers: { cookie: `${pageCookieName(port)}=${pageKey(token)}` } }, 401, 'missing_token'],
      ['Origin https://evil.example', `${base}?token=${token}`, { origin: 'https://evil.example' }, 403, 'forbidden_origin'],
      ['Origin null', `${base}?token=${token}`, { origin: 'null' }, 403, 'forbidden_origin'],
      ['Origin of another local port', `${base}?token=${token}`, { origin: `http://127.0.0.1:${port + 1}` }, 403, 'forbidden_origin'],
      ['Host evil.example', `${base}?token=${token}`, { headers: { host: `evil.example:${port}` } }, 403, 'forbidden_host'],
      ['Host 127.0.0.1.evil.example', `${base}?token=${token}`, { headers: { host: '127.0.0.1.evil.example' } }, 403, 'forbidden_host'],
    ];
    for (const [what, url, options, status, error] of attempts) {
      counts.ws++;
      const refusal = await upgradeRefusal(url, options);
      expect(refusal, what).toMatchObject({ status, body: { error, message: expect.any(String) } });
      counts.wsRefused++;
    }
  });

  it('let no refused request reach the engine, and still serves the right caller', async () => {
    const config = await askEngine(JSON.stringify({ id: 'cfg', kind: 'query', body: { type: 'config' } }));
    const report = QueryResultSchemas.config.parse(config.ok ? config.result : undefined);
    expect(report.services.flatMap((service) => service.variables).filter((variable) => variable.source?.kind === 'override')).toEqual([]);
    expect(ui.child.exitCode).toBeNull();
    // Nothing failed inside the server (its unexpected failures go to stderr as "stackdeck ui: ...").
    expect(ui.output()).not.toContain('stackdeck ui: ');
    console.log(`[reliability] browser mode guard: ${counts.http} hostile HTTP requests, ${counts.httpRefused} refused (401/403 with a reason); ` +
      `${counts.ws} hostile WebSocket upgrades, ${counts.wsRefused} refused; right token + right Host answered; bound to 127.0.0.1 only`);
  });
});
