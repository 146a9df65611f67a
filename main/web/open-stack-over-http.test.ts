import { afterEach, describe, expect, it } from 'vitest';
import { EngineEventSchema, type EngineEvent } from '../../shared/api/engine-contract.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { eventually, node, startTestStack, type TestStack } from '../engine/testing/test-stack.ts';
import { sessionOverEngine } from '../session/testing/session-over-engine.ts';
import type { StackSession } from '../session/stack-session.ts';
import { startWebServer, type WebServer } from './server.ts';
import { waitFor } from './testing/bounded-wait.ts';
import WebSocket from 'ws';

// Browser mode's transport carries the session's own command and query: a real server, a real session over real engines.
const service = { command: node('http-service.mjs'), envDir: '.', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 10 } };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<{ stack: TestStack; session: StackSession; server: WebServer }> {
  const stack = await startTestStack({ services: { alpha: service } });
  cleanups.push(() => stack.close());
  const session = sessionOverEngine(stack.engine);
  // The session closes whichever engine it holds last (the opened one); the first is closed by its stack.
  cleanups.push(() => (session.current === stack.engine ? undefined : session.close()));
  const server = await startWebServer({ engine: session, log: () => {} });
  cleanups.push(() => server.close());
  return { stack, session, server };
}

async function post(server: WebServer, kind: 'command' | 'query', body: object) {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ id: 'r1', kind, body }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, json: await response.json() as { ok: boolean; result?: unknown; error?: { code: string; message: string } } };
}

describe('openStack and recentStacks over browser mode', () => {
  it('opens another folder through POST /api/request, tells every socket, and lists it among the recent stacks', async () => {
    const { stack, server } = await serve();
    const other = makeTempDir({ 'stackdeck.json': JSON.stringify({ services: { beta: service } }) });
    cleanups.push(other.cleanup);
    const events: EngineEvent[] = [];
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { authorization: `Bearer ${server.token}`, origin: `http://127.0.0.1:${server.port}` } });
    cleanups.push(() => socket.terminate());
    socket.on('message', (data) => events.push(EngineEventSchema.parse(JSON.parse(String(data)))));
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });

    const opened = await post(server, 'command', { type: 'openStack', root: other.dir });
    expect(opened.status).toBe(200);
    expect(opened.json).toMatchObject({ ok: true, result: { message: expect.stringContaining(`opened ${other.dir}`) } });
    await waitFor(() => events.some((event) => event.type === 'stackOpened' && event.root === other.dir), 'stackOpened on the socket', 10_000);
    const state = await post(server, 'query', { type: 'stackState' });
    expect(state.json.result).toMatchObject({ root: other.dir, services: [expect.objectContaining({ name: 'beta' })] });
    await eventually(async () => ((await post(server, 'query', { type: 'recentStacks' })).json.result as unknown[]).length === 2, 'two recent stacks', 10_000);
    const recent = await post(server, 'query', { type: 'recentStacks' });
    expect((recent.json.result as { root: string }[]).map((entry) => entry.root)).toEqual([other.dir, stack.root]);
  }, 60_000);

  it('answers a folder without a stackdeck.json with ok:false and the CLI\'s words, and an empty root with 400', async () => {
    const { stack, server } = await serve();
    const empty = makeTempDir({});
    cleanups.push(empty.cleanup);
    const refused = await post(server, 'command', { type: 'openStack', root: empty.dir });
    expect(refused).toEqual({ status: 200, json: { id: 'r1', ok: false, error: { code: 'invalid_request', message: expect.stringMatching(new RegExp(`^no stackdeck.json in ${empty.dir}: run \`stackdeck init\``)) } } });
    expect((await post(server, 'query', { type: 'stackState' })).json.result).toMatchObject({ root: stack.root });
    const blank = await post(server, 'command', { type: 'openStack', root: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.json).toMatchObject({ error: 'invalid_request', message: 'body.root: name a folder to open' });
  }, 60_000);
});
