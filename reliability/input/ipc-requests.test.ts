import { sessionOverEngine } from '../../main/session/testing/session-over-engine.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineResponse } from '../../shared/api/engine-contract.ts';
import type { TestStack } from '../../main/engine/testing/test-stack.ts';
import { createRequestHandler, type IpcSender } from '../../main/electron/ipc-bridge.ts';
import { APP_URL } from '../../main/electron/navigation-policy.ts';
import { SERVICE, expectEngineStillWorks, expectNothingChanged, startOneServiceStack, type AskEngine } from './support/engine-stack.ts';
import { arbitraryMalformedRequest, arbitraryUnknownServiceRequest, malformedEngineRequests } from './support/malformed-engine-requests.ts';

// The Electron IPC handler (what main.ts registers with ipcMain.handle; ipc-bridge.ts needs no electron module) with a
// real engine behind it: the hand-written corpus, structured-clone values JSON cannot carry, and fast-check payloads,
// from our window and from foreign senders.
const WINDOW_ID = 7;
const REFUSED = 'refused: the request did not come from the Stackdeck window';
const NAMES_A_PLACE = /^(the request|[\w.]+): \S/;
const GENERATED_RUNS = 300;

let stack: TestStack;
let handle: ReturnType<typeof createRequestHandler>;
const logged: string[] = [];
const counts = { trusted: 0, trustedRefused: 0, inBandUnknownService: 0, foreign: 0, foreignRefused: 0, threw: 0 };

beforeAll(async () => {
  stack = await startOneServiceStack();
  handle = createRequestHandler(sessionOverEngine(stack.engine), () => WINDOW_ID, (message) => { logged.push(message); });
});

afterAll(async () => {
  await stack.close();
});

const fromWindow: IpcSender = { sender: { id: WINDOW_ID }, senderFrame: { url: APP_URL } };

// Another window's webContents, and frames that are not our app's page inside our own window.
const FOREIGN_SENDERS: IpcSender[] = [
  { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: APP_URL } },
  { sender: { id: 0 }, senderFrame: { url: APP_URL } },
  ...['https://evil.example/', 'file:///etc/passwd', 'app://stackdeck.evil/index.html', 'app://other/', 'about:blank', 'data:text/html,<script>', 'devtools://devtools/bundled/inspector.html', '']
    .map((url) => ({ sender: { id: WINDOW_ID }, senderFrame: { url } })),
  { sender: { id: WINDOW_ID }, senderFrame: null },
];

// The handler must answer, never reject: a rejected invoke reaches the page as an unexplained error.
async function answerTo(sender: IpcSender, payload: unknown): Promise<EngineResponse> {
  try {
    return await handle(sender, payload);
  } catch (error) {
    counts.threw++;
    throw error;
  }
}

async function expectRefusedFromWindow(payload: unknown, field?: string): Promise<void> {
  counts.trusted++;
  const answer = await answerTo(fromWindow, payload);
  expect(answer.ok).toBe(false);
  if (answer.ok) return;
  expect(answer.error.code).toBe('invalid_request');
  expect(answer.error.message).toMatch(field === undefined ? NAMES_A_PLACE : new RegExp(`^${field.replace(/\./g, '\\.')}: \\S`));
  expect(answer.id.length).toBeLessThanOrEqual(64);
  counts.trustedRefused++;
}

const askOverIpc: AskEngine = (request) => answerTo(fromWindow, request);

// Values Electron's structured clone carries and JSON does not.
function structuredCloneOnly(): [string, unknown, string][] {
  const cyclic: Record<string, unknown> = { id: 'c1', kind: 'query' };
  cyclic.body = { type: 'stackState', parent: cyclic };
  const selfKind: Record<string, unknown> = { id: 'c2', body: { type: 'stackState' } };
  selfKind.kind = selfKind;
  const manyKeys = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, index]));
  const huge = 'x'.repeat(50 * 1024 * 1024);
  const sparse: unknown[] = [];
  sparse[2] = { id: 's' };
  return [
    ['undefined', undefined, 'the request'],
    ['a BigInt', 10n, 'the request'],
    ['a Map holding a valid request', new Map<string, unknown>([['id', 'm'], ['kind', 'query'], ['body', { type: 'stackState' }]]), 'kind'],
    ['a Set', new Set([1, 2]), 'kind'],
    ['a Date', new Date(0), 'kind'],
    ['a RegExp', /stackState/, 'kind'],
    ['a Uint8Array', new Uint8Array([123, 125]), 'kind'],
    ['an ArrayBuffer', new ArrayBuffer(8), 'kind'],
    ['a sparse array', sparse, 'the request'],
    ['an Error', new Error('boom'), 'kind'],
    ['a cyclic body', cyclic, 'body'],
    ['a kind that is the request itself', selfKind, 'kind'],
    ['a BigInt kind', { id: 'b1', kind: 10n, body: { type: 'stackState' } }, 'kind'],
    ['a BigInt limit', { id: 'b2', kind: 'query', body: { type: 'logBacklog', service: SERVICE, limit: 10n } }, 'body.limit'],
    ['a Map kind', { id: 'b3', kind: new Map([['query', 1]]), body: { type: 'stackState' } }, 'kind'],
    ['a NaN limit', { id: 'b4', kind: 'query', body: { type: 'logBacklog', service: SERVICE, limit: Number.NaN } }, 'body.limit'],
    ['an Infinity count', { id: 'b5', kind: 'command', body: { type: 'startAgentRun', agent_name: 'qa', scenario: 'normal', count: Number.POSITIVE_INFINITY } }, 'body.count'],
    ['an own __proto__ key', JSON.parse('{"__proto__":{"polluted":true},"id":"p1","kind":"query","body":{"type":"stackState"}}'), 'the request'],
    ['10 000 unknown keys', { id: 'k1', kind: 'query', body: { type: 'stackState', ...manyKeys } }, 'body'],
    ['a 50 MiB id', { id: huge, kind: 'query', body: { type: 'stackState' } }, 'id'],
    ['a 50 MiB query type', { id: 'h1', kind: 'query', body: { type: huge } }, 'body.type'],
    ['a 50 MiB override value', { id: 'h2', kind: 'command', body: { type: 'setOverride', service: SERVICE, key: 'K', value: huge } }, 'body.value'],
  ];
}

describe('the IPC request handler with a real engine behind it', () => {
  it('refuses the hand-written corpus from our own window, naming the field at fault', async () => {
    for (const { what, json, field } of malformedEngineRequests()) {
      await expect(expectRefusedFromWindow(JSON.parse(json), field), what).resolves.toBeUndefined();
    }
  });

  it('refuses structured-clone values JSON cannot carry (BigInt, Map, cycles, 50 MiB strings), naming the field', async () => {
    for (const [what, payload, field] of structuredCloneOnly()) {
      await expect(expectRefusedFromWindow(payload, field), what).resolves.toBeUndefined();
    }
    const answer = await answerTo(fromWindow, { id: 'h3', kind: 'query', body: { type: 'y'.repeat(50 * 1024 * 1024) } });
    // Only a short excerpt of a huge value comes back.
    expect(!answer.ok && answer.error.message.length).toBeLessThan(300);
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
  });

  it(`refuses ${GENERATED_RUNS} generated payloads of any structured-clone value from our own window`, async () => {
    const values = fc.anything({ maxDepth: 3, withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true });
    await fc.assert(fc.asyncProperty(arbitraryMalformedRequest(values), async (payload) => {
      await expectRefusedFromWindow(payload);
    }), { numRuns: GENERATED_RUNS });
  });

  it('answers well-formed requests for unknown services as unknown_service', async () => {
    await fc.assert(fc.asyncProperty(arbitraryUnknownServiceRequest([SERVICE]), async (payload) => {
      counts.trusted++;
      expect(await answerTo(fromWindow, payload)).toMatchObject({ ok: false, error: { code: 'unknown_service' } });
      counts.inBandUnknownService++;
    }), { numRuns: 50 });
  });

  it('refuses everything from foreign senders, valid requests included, without reaching the engine', async () => {
    const valid = [
      { id: 'v1', kind: 'command', body: { type: 'start', service: SERVICE } },
      { id: 'v2', kind: 'command', body: { type: 'setOverride', service: SERVICE, key: 'PWNED', value: '1' } },
      { id: 'v3', kind: 'query', body: { type: 'stackState' } },
    ];
    const payloads = [...valid, ...malformedEngineRequests().map(({ json }) => JSON.parse(json) as unknown), ...fc.sample(arbitraryMalformedRequest(fc.jsonValue()), { numRuns: 50, seed: 2 })];
    for (const sender of FOREIGN_SENDERS) {
      for (const payload of payloads) {
        counts.foreign++;
        const answer = await answerTo(sender, payload);
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.error).toEqual({ code: 'invalid_request', message: REFUSED });
        expect(answer.id.length).toBeLessThanOrEqual(64);
        counts.foreignRefused++;
      }
    }
    await expectNothingChanged(askOverIpc);
  });

  it('afterwards still answers our window and still starts and stops a service', async () => {
    const still = await expectEngineStillWorks(askOverIpc);
    expect(counts.threw).toBe(0);
    expect(logged.filter((message) => message !== 'refused an IPC request from an untrusted sender')).toEqual([]);
    expect(logged).toHaveLength(counts.foreign);
    console.log(`[reliability] IPC: ${counts.trusted + counts.foreign} bad requests (${counts.trusted} from our window, ${counts.foreign} from ${FOREIGN_SENDERS.length} foreign senders), ` +
      `${counts.trustedRefused} refused invalid_request naming the field, ${counts.inBandUnknownService} refused unknown_service, ${counts.foreignRefused} foreign refused, ` +
      `${counts.threw} handler rejections, engine still serving: ${still}`);
  });
});
