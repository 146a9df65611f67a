import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '../../main/web/testing/bounded-wait.ts';
import { REFUSED_MESSAGE } from '../../main/web/events-socket.ts';
import { type TestClient, connectClient } from '../../main/web/testing/ws-client.ts';
import { askOverHttp } from './support/engine-over-http.ts';
import { SERVICE, engineBehindServerForThisFile, expectEngineStillWorks } from './support/engine-stack.ts';

// Browser mode's events WebSocket with a real engine behind it: junk, binary, oversized and broken frames.
const JUNK_MESSAGES = 200;

const live = engineBehindServerForThisFile();
const counts = { frames: 0, answeredNotAccepted: 0, closedWithCode: 0 };

// One client-to-server frame as RFC 6455 lays it out; masked unless told otherwise, as a browser must.
function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv1?: boolean; masked?: boolean; length?: bigint } = {}): Buffer {
  const first = (options.fin === false ? 0 : 0x80) | (options.rsv1 ? 0x40 : 0) | opcode;
  const length = options.length ?? BigInt(payload.length);
  const maskBit = options.masked === false ? 0 : 0x80;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, maskBit | Number(length)]);
  else if (length < 65_536n) header = Buffer.from([first, maskBit | 126, Number(length >> 8n), Number(length & 0xffn)]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (options.masked === false) return Buffer.concat([header, payload]);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  return Buffer.concat([header, mask, Buffer.from(payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0)))]);
}

function rawSocketOf(client: TestClient): { write(data: Buffer): void } {
  return (client.socket as unknown as { _socket: { write(data: Buffer): void } })._socket;
}

function notAcceptedCount(client: TestClient): number {
  return client.received.filter((message) => (message as { error?: string }).error === REFUSED_MESSAGE.error).length;
}

describe('the events WebSocket under hostile frames', () => {
  it(`answers ${JUNK_MESSAGES} junk text and binary messages with not_accepted, and stays open`, async () => {
    const client = await connectClient(live.test.eventsUrl);
    const messages = fc.sample(fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
      fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
    ), { numRuns: JUNK_MESSAGES, seed: 1 });
    messages.push(JSON.stringify({ id: 'w1', kind: 'command', body: { type: 'start', service: SERVICE } }), 'x'.repeat(60 * 1024));
    for (const message of messages) client.socket.send(message);
    counts.frames += messages.length;
    await waitFor(() => notAcceptedCount(client) === messages.length, `${messages.length} not_accepted answers`, 15_000);
    counts.answeredNotAccepted += messages.length;
    expect(client.received.filter((message) => (message as { error?: string }).error !== undefined)).toEqual(messages.map(() => REFUSED_MESSAGE));
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.socket.close();
    // A command sent on the socket was never run.
    expect(live.stack.engine.runners.get(SERVICE)?.state).toBe('stopped');
  });

  const broken: [string, Buffer, number][] = [
    ['a 100 KiB text message (over the 64 KiB limit)', frame(0x1, Buffer.alloc(100 * 1024, 0x61)), 1009],
    ['a 50 MiB binary message (its header and first 64 KiB)', frame(0x2, Buffer.alloc(64 * 1024, 0x00), { length: 50n * 1024n * 1024n }), 1009],
    ['a frame announcing 2^62 bytes', frame(0x2, Buffer.alloc(0), { length: 2n ** 62n }), 1009],
    ['text that is not UTF-8', frame(0x1, Buffer.from([0xff, 0xfe, 0xc3, 0x28])), 1007],
    ['a reserved opcode', frame(0x3, Buffer.from('x')), 1002],
    ['RSV1 set with no extension', frame(0x1, Buffer.from('x'), { rsv1: true }), 1002],
    ['an unmasked client frame', frame(0x1, Buffer.from('hello'), { masked: false }), 1002],
    ['a continuation with nothing to continue', frame(0x0, Buffer.from('x')), 1002],
    ['a ping with a 200-byte payload', frame(0x9, Buffer.alloc(200, 0x70)), 1002],
    ['a fragmented ping', frame(0x9, Buffer.from('p'), { fin: false }), 1002],
    ['a close with an invalid code', frame(0x8, Buffer.from([0x03, 0xe7])), 1002],
    ['plain HTTP written into the socket', Buffer.from('GET /api/request HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 1002],
  ];

  it.each(broken)('closes the socket on %s with the protocol\'s code', async (_what, bytes, code) => {
    const client = await connectClient(live.test.eventsUrl);
    rawSocketOf(client).write(bytes);
    counts.frames++;
    const closed = await within(client.closed, 'the server to close the socket');
    expect(closed.code).toBe(code);
    counts.closedWithCode++;
  });

  it('afterwards still pushes events to a new tab and still starts and stops a service', async () => {
    const client = await connectClient(live.test.eventsUrl);
    const still = await expectEngineStillWorks(askOverHttp(live.test));
    await waitFor(() => client.received.some((event) => (event as { type?: string; status?: { name?: string; state?: string } }).type === 'serviceState'
      && (event as { status: { name: string; state: string } }).status.state === 'ready'), `a serviceState event for ${SERVICE} ready`, 10_000);
    client.socket.close();
    expect(live.test.logged.map((entry) => entry.message)).toEqual([]);
    console.log(`[reliability] engine WebSocket: ${counts.frames} hostile frames, ${counts.answeredNotAccepted} answered not_accepted, ` +
      `${counts.closedWithCode} closed with 1002/1007/1009, 0 crashes, server still pushing events; ${still}`);
  });
});
