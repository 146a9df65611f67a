import { describe, expect, it } from 'vitest';
import { rawRequest } from '../../main/web/testing/raw-http.ts';
import { askOverHttp, postEngineRequest } from './support/engine-over-http.ts';
import { engineBehindServerForThisFile, expectNothingChanged, expectHttpBarrageHarmless } from './support/engine-stack.ts';
import { malformedEngineRequests, unknownServiceRequests } from './support/malformed-engine-requests.ts';
import { uploadBody } from './support/raw-upload.ts';
import { createTally, recordHttpRefusal, recordInBandRefusal } from './support/tally.ts';

// Browser mode's HTTP door with a real engine and a real service behind it: a hand-written corpus of bad requests.
const live = engineBehindServerForThisFile();
const tally = createTally();
// A request that would change something if it got through: every refusal below must leave it unapplied.
const OVERRIDE = JSON.stringify({ id: 'o1', kind: 'command', body: { type: 'setOverride', service: 'svc', key: 'PWNED', value: '1' } });

function errorOf(text: string): { error: string; message: string } {
  return JSON.parse(text) as { error: string; message: string };
}

describe('POST /api/request with a real engine behind it', () => {
  it('refuses every malformed request with 400, naming the field at fault', async () => {
    for (const { what, json, field } of malformedEngineRequests()) {
      const answer = await postEngineRequest(live.test, json);
      recordHttpRefusal(tally, what, answer.status, answer.text);
      expect(answer.status, what).toBe(400);
      expect(errorOf(answer.text).error, what).toBe('invalid_request');
      expect(errorOf(answer.text).message, what).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: \\S`));
    }
  });

  it('refuses bodies that are not JSON with 400 invalid_json', async () => {
    const bodies = ['{"id": "x", "kind": ', '{', '}', '[', 'nul', 'undefined', "{'id':'x'}", '{"id":"x",}', 'NaN', '{"a":1}{"b":2}', '', '   ', '\u0000',
      '{"id":"x","kind":"query","body":{"type":"stackState"}} trailing', '{"__proto__":{"polluted":true},"id":"x","kind":"query","body":{"type":"stackState"}}',
      '{"constructor":{"prototype":{"polluted":true}},"id":"x","kind":"query","body":{"type":"stackState"}}'];
    for (const body of bodies) {
      const answer = await postEngineRequest(live.test, body);
      recordHttpRefusal(tally, JSON.stringify(body), answer.status, answer.text);
      expect(answer.status, body).toBe(400);
      expect(errorOf(answer.text).error, body).toBe('invalid_json');
    }
    const binary = await uploadBody({ port: live.test.server.port, path: '/api/request', headers: { authorization: `Bearer ${live.test.server.token}`, 'content-type': 'application/json' }, body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80, 0xc3]) });
    recordHttpRefusal(tally, 'binary junk', binary.status, binary.text);
    expect(binary).toMatchObject({ status: 400, text: expect.stringContaining('invalid_json') });
    // The web server runs in this process: a polluted Object.prototype would show here.
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
  });

  it('refuses a valid command sent as any other content type with 415, without running it', async () => {
    const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html',
      'application/octet-stream', 'application/json-patch+json', 'application/jsonx', 'text/json', ''];
    for (const type of types) {
      const answer = await postEngineRequest(live.test, OVERRIDE, { 'content-type': type });
      recordHttpRefusal(tally, `content-type ${type}`, answer.status, answer.text);
      expect(answer.status, type).toBe(415);
      expect(errorOf(answer.text)).toEqual({ error: 'unsupported_media_type', message: 'send the request body as Content-Type: application/json' });
    }
    await expectNothingChanged(askOverHttp(live.test));
  });

  it('refuses bodies over 256 KiB with 413, announced (2 MB, 50 MB) or not (chunked), before reading them', async () => {
    const headers = { authorization: `Bearer ${live.test.server.token}`, 'content-type': 'application/json' };
    const uploads = [
      { what: '2 MB announced', body: Buffer.alloc(64 * 1024, 0x20), declaredBytes: 2 * 1024 * 1024 },
      { what: '50 MB announced', body: Buffer.alloc(64 * 1024, 0x20), declaredBytes: 50 * 1024 * 1024 },
      { what: '320 KiB chunked, no length', body: Buffer.alloc(320 * 1024, 0x20), chunked: true },
      { what: '300 KiB JSON value', body: Buffer.from(JSON.stringify({ id: 'b', kind: 'command', body: { type: 'setOverride', service: 'svc', key: 'K', value: 'v'.repeat(300 * 1024) } })) },
    ];
    for (const { what, ...upload } of uploads) {
      const answer = await uploadBody({ port: live.test.server.port, path: '/api/request', headers, ...upload });
      recordHttpRefusal(tally, what, answer.status, answer.text);
      expect(answer.status, what).toBe(413);
      expect(errorOf(answer.text)).toEqual({ error: 'body_too_large', message: 'the request body is over the 256 KiB limit' });
    }
  });

  it('refuses every other method and path with a 4xx and a JSON reason', async () => {
    const headers = { authorization: `Bearer ${live.test.server.token}`, 'content-type': 'application/json' };
    const attempts: [string, string, string | undefined][] = [
      ['GET', '/api/request', undefined], ['PUT', '/api/request', OVERRIDE], ['PATCH', '/api/request', OVERRIDE], ['DELETE', '/api/request', undefined],
      ['GET', '/api/events', undefined], ['POST', '/api/events', OVERRIDE], ['POST', '/api/nope', OVERRIDE], ['POST', '/', OVERRIDE], ['GET', '/api', undefined],
      ['POST', '/api/request/../events', '{"junk":'], ['GET', `/api/${'a'.repeat(20_000)}`, undefined], ['POST', '/api/request%00', OVERRIDE],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await rawRequest({ port: live.test.server.port, path, method, headers, body });
      recordHttpRefusal(tally, `${method} ${path.slice(0, 40)}`, answer.status, answer.text);
      expect(answer.status, `${method} ${path.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${method} ${path.slice(0, 40)}`).toBeLessThan(500);
    }
    await expectNothingChanged(askOverHttp(live.test));
  });

  it('answers well-formed requests for services the stack does not have as unknown_service, in the 200 envelope', async () => {
    for (const { what, payload } of unknownServiceRequests()) {
      const answer = await postEngineRequest(live.test, JSON.stringify(payload));
      recordInBandRefusal(tally, what, answer.status, answer.text, 'unknown_service');
      expect(answer.status, what).toBe(200);
      expect(JSON.parse(answer.text), what).toMatchObject({ id: 'm1', ok: false, error: { code: 'unknown_service', message: expect.stringContaining('in this stack (services: svc)') } });
    }
  });

  it('afterwards has changed nothing, logged no failure, and still starts and stops a service', async () => {
    console.log(await expectHttpBarrageHarmless(live, tally, 'engine HTTP corpus (real engine)'));
  });
});
