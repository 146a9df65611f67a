import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogChunk } from '../../../shared/api/logs.ts';
import { LogLineSchema } from '../../../shared/api/logs.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { logFilePath } from './log-file-path.ts';
import { LogHub, SYSTEM_LINE_PREFIX } from './log-hub.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function hubForTest(options: ConstructorParameters<typeof LogHub>[0] = {}): LogHub {
  const hub = new LogHub({ flushIntervalMs: 5, ...options });
  cleanups.push(() => hub.close());
  return hub;
}

function stateDir(): string {
  const { dir, cleanup } = makeTempDir();
  cleanups.push(cleanup);
  return dir;
}

// Collects chunks; `settled` waits until no chunk has arrived for a few flush intervals.
function collector() {
  const chunks: LogChunk[] = [];
  return {
    chunks,
    listener: (chunk: LogChunk) => chunks.push(chunk),
    texts: (service?: string) => chunks.filter((chunk) => !service || chunk.service === service).flatMap((chunk) => chunk.lines.map((line) => line.text)),
    async settled() {
      let seen = -1;
      while (seen !== chunks.length) {
        seen = chunks.length;
        await sleep(30);
      }
    },
  };
}

describe('LogHub', () => {
  it('turns chunks into numbered lines with stream, time and level, delivered in one batch per service', async () => {
    const hub = hubForTest({ now: () => 1_234 });
    const seen = collector();
    hub.subscribe(seen.listener);
    hub.ingest('api', 'stdout', Buffer.from('listening on :3000\n{"level":50,"msg":"db down"}\npart'));
    hub.ingest('api', 'stderr', Buffer.from('warning: deprecated\r\n'));
    hub.ingest('api', 'stdout', Buffer.from('ial line\n'));
    await seen.settled();
    expect(seen.chunks).toHaveLength(1);
    const [chunk] = seen.chunks;
    expect(chunk?.skipped).toBe(0);
    expect(chunk?.lines).toEqual([
      { service: 'api', seq: 1, time: 1_234, stream: 'stdout', text: 'listening on :3000', level: null },
      { service: 'api', seq: 2, time: 1_234, stream: 'stdout', text: '{"level":50,"msg":"db down"}', level: 'error' },
      { service: 'api', seq: 3, time: 1_234, stream: 'stderr', text: 'warning: deprecated', level: null },
      { service: 'api', seq: 4, time: 1_234, stream: 'stdout', text: 'partial line', level: null },
    ]);
    for (const line of chunk?.lines ?? []) expect(() => LogLineSchema.parse(line)).not.toThrow();
  });

  it('gives one chunk per service per flush and honours a services filter', async () => {
    const hub = hubForTest();
    const all = collector();
    const authOnly = collector();
    hub.subscribe(all.listener);
    hub.subscribe(authOnly.listener, { services: ['auth'] });
    hub.ingest('auth', 'stdout', Buffer.from('a1\na2\n'));
    hub.ingest('backend', 'stdout', Buffer.from('b1\n'));
    hub.ingest('auth', 'stdout', Buffer.from('a3\n'));
    await all.settled();
    expect(all.chunks.map((chunk) => [chunk.service, chunk.lines.length])).toEqual([['auth', 3], ['backend', 1]]);
    expect(authOnly.texts()).toEqual(['a1', 'a2', 'a3']);
    expect(authOnly.chunks.every((chunk) => chunk.service === 'auth')).toBe(true);
  });

  it('gives a new subscriber only what comes after it subscribed; the past is in the backlog', async () => {
    const hub = hubForTest();
    hub.ingest('api', 'stdout', Buffer.from('before\n'));
    const seen = collector();
    hub.subscribe(seen.listener);
    hub.ingest('api', 'stdout', Buffer.from('after\n'));
    hub.ingest('new-service', 'stdout', Buffer.from('first line of a service started later\n'));
    await seen.settled();
    expect(seen.texts()).toEqual(['after', 'first line of a service started later']);
    expect(hub.backlog('api', 10).lines.map((line) => line.text)).toEqual(['before', 'after']);
  });

  it('redacts secret values everywhere: subscribers, backlog and file; new values apply to later lines', async () => {
    const dir = stateDir();
    const hub = hubForTest({ stateDir: dir });
    const seen = collector();
    hub.subscribe(seen.listener);
    hub.setSecrets('api', ['postgres-pa55word', 'jwt-signing-key-0123456789']);
    hub.ingest('api', 'stdout', Buffer.from('connecting to postgres://app:postgres-pa55word@db/app\n\u001b[33mkey=jwt-signing-key-0123456789\u001b[39m\n'));
    hub.system('api', 'env JWT=jwt-signing-key-0123456789');
    hub.setSecrets('api', ['rotated-secret-value']);
    hub.ingest('api', 'stdout', Buffer.from('old postgres-pa55word, new rotated-secret-value\n'));
    await seen.settled();
    const expected = ['connecting to postgres://app:***@db/app', '\u001b[33mkey=***\u001b[39m', 'env JWT=***', 'old postgres-pa55word, new ***'];
    expect(seen.texts()).toEqual(expected);
    expect(hub.backlog('api', 10).lines.map((line) => line.text)).toEqual(expected);
    await hub.close();
    const file = readFileSync(logFilePath(dir, 'api'), 'utf8');
    expect(file).not.toContain('jwt-signing-key-0123456789');
    expect(file).not.toContain('rotated-secret-value');
    expect(file).toBe(`${expected.slice(0, 2).join('\n')}\n${SYSTEM_LINE_PREFIX}env JWT=***\n${expected[3]}\n`);
  });

  it('redacts a secret that a line too long to keep whole has across its cut, streamed or whole', () => {
    const hub = hubForTest({ maxLineBytes: 100 });
    hub.setSecrets('api', ['service-secret-0123456789']);
    const long = `${'x'.repeat(90)}service-secret-0123456789 ${'y'.repeat(120)}`;
    hub.ingest('api', 'stdout', Buffer.from(`${long}\n`));
    hub.ingest('api', 'stderr', Buffer.from(long.slice(0, 95)));
    hub.ingest('api', 'stderr', Buffer.from(`${long.slice(95)}\n`));
    hub.system('api', long);
    const lines = hub.backlog('api', 10).lines.map((line) => line.text);
    // Each of the three is cut into pieces of at most 100 bytes, and the pieces join up to the redacted line.
    expect(lines).toHaveLength(9);
    expect(lines.join('')).toBe(`${'x'.repeat(90)}*** ${'y'.repeat(120)}`.repeat(3));
  });

  it('stores and writes the same, chunk by chunk or byte by byte: plain lines, secrets, CRs, long lines, invalid UTF-8', async () => {
    const secret = 'bench-secret-token-0123456789';
    const parts = ['plain €\n', `token=${secret}\n`, 'progress\r\n', 'x'.repeat(100), '\n', '\u001b[32minfo\u001b[39m 😀\n'];
    const bytes = Buffer.concat([...Array.from({ length: 200 }, (_unused, index) => Buffer.from(`${index} ${parts[index % parts.length] ?? ''}`)), Buffer.from([0xff, 0x0a])]);
    const feed = async (chunks: Buffer[]) => {
      const dir = stateDir();
      const hub = new LogHub({ stateDir: dir, maxLineBytes: 64, flushIntervalMs: 5 });
      hub.setSecrets('svc', [secret]);
      for (const chunk of chunks) hub.ingest('svc', 'stdout', chunk);
      const lines = hub.backlog('svc', 10_000).lines.map((line) => line.text);
      await hub.close();
      return { lines, file: readFileSync(logFilePath(dir, 'svc')) };
    };
    const chunked = await feed(Array.from({ length: Math.ceil(bytes.length / 1000) }, (_unused, index) => bytes.subarray(index * 1000, (index + 1) * 1000)));
    const byteByByte = await feed([...bytes].map((byte) => Buffer.from([byte])));
    expect(chunked.lines).toEqual(byteByByte.lines);
    expect(chunked.file.equals(byteByByte.file)).toBe(true);
    expect(chunked.file.toString()).not.toContain(secret);
    expect(chunked.lines.length).toBeGreaterThan(200);
  });

  it('keeps launcher messages as system lines, one per line, with the level given', async () => {
    const hub = hubForTest();
    hub.system('backend', 'exited with code 1\nlast stderr:\r\nError: boom', 'error');
    hub.system('backend', 'restarting in 2 s');
    expect(hub.backlog('backend', 10).lines.map((line) => [line.stream, line.text, line.level])).toEqual([
      ['system', 'exited with code 1', 'error'],
      ['system', 'last stderr:', 'error'],
      ['system', 'Error: boom', 'error'],
      ['system', 'restarting in 2 s', null],
    ]);
  });

  it('answers a backlog from the ring, saying how many older lines it no longer holds', () => {
    const hub = hubForTest({ ringBytes: 2_000, maxLineBytes: 200 });
    for (let index = 0; index < 1_000; index++) hub.ingest('api', 'stdout', Buffer.from(`line ${String(index).padStart(80, '.')}\n`));
    const backlog = hub.backlog('api', 5);
    expect(backlog.lines.map((line) => line.seq)).toEqual([996, 997, 998, 999, 1_000]);
    const stats = hub.stats('api');
    expect(backlog.skipped).toBe(stats.droppedFromRing);
    expect(stats.ringLines + stats.droppedFromRing).toBe(1_000);
    expect(stats.ringBytes).toBeLessThanOrEqual(2_000);
    expect(hub.backlog('unknown', 5)).toEqual({ service: 'unknown', lines: [], skipped: 0 });
  });

  it('holds back a subscriber that cannot take more, drops its oldest lines, and tells it how many with the next chunk', async () => {
    const hub = hubForTest({ subscriber: { maxLines: 100 } });
    let open = false;
    const slow = collector();
    hub.subscribe(slow.listener, { canDeliver: () => open });
    for (let index = 1; index <= 1_000; index++) hub.ingest('api', 'stdout', Buffer.from(`${index}\n`));
    await sleep(40);
    expect(slow.chunks).toEqual([]);
    open = true;
    await slow.settled();
    expect(slow.chunks).toHaveLength(1);
    expect(slow.chunks[0]?.skipped).toBe(900);
    expect(slow.chunks[0]?.lines.map((line) => line.seq)).toEqual(Array.from({ length: 100 }, (_, index) => 901 + index));
  });

  it('stops delivering after unsubscribe, and a listener that throws does not stop the others', async () => {
    const hub = hubForTest();
    const kept = collector();
    const gone = collector();
    hub.subscribe(() => {
      throw new Error('broken renderer');
    });
    hub.subscribe(kept.listener);
    const unsubscribe = hub.subscribe(gone.listener);
    unsubscribe();
    hub.ingest('api', 'stdout', Buffer.from('hello\n'));
    await kept.settled();
    expect(kept.texts()).toEqual(['hello']);
    expect(gone.chunks).toEqual([]);
    expect(hub.listenerErrors).toBe(1);
  });

  it('keeps the unfinished last line when a stream ends, and on close', async () => {
    const dir = stateDir();
    const hub = hubForTest({ stateDir: dir });
    const seen = collector();
    hub.subscribe(seen.listener);
    hub.ingest('api', 'stdout', Buffer.from('no newline at exit'));
    hub.endOfStream('api', 'stdout');
    hub.ingest('api', 'stderr', Buffer.from('still open'));
    await hub.close();
    expect(seen.texts()).toEqual(['no newline at exit', 'still open']);
    expect(readFileSync(logFilePath(dir, 'api'), 'utf8')).toBe('no newline at exit\nstill open\n');
    hub.ingest('api', 'stdout', Buffer.from('after close\n'));
    expect(hub.backlog('api', 10).lines).toHaveLength(2);
  });

  it('reads a real child process: pino lines, ANSI colours, a secret, a line over the limit, a last line without newline', async () => {
    const dir = stateDir();
    // Every line is read here: the child's 506 lines can come in one delivery, over a subscriber's default share of a flood
    // (500 lines), which the flood tests below cover.
    const hub = hubForTest({ stateDir: dir, maxLineBytes: 1_024, subscriber: { maxLines: 10_000, maxBytes: 1024 * 1024 } });
    hub.setSecrets('child', ['child-secret-123']);
    const seen = collector();
    hub.subscribe(seen.listener, { services: ['child'] });
    const script = `
      const out = (text) => process.stdout.write(text);
      for (let i = 0; i < 500; i++) out(JSON.stringify({ level: i % 2 ? 30 : 40, time: Date.now(), pid: process.pid, msg: 'request ' + i }) + '\\n');
      out('\\u001b[32mready\\u001b[39m token=child-secret-123\\n');
      out('x'.repeat(3000) + '\\n');
      process.stderr.write('Error: something broke\\n');
      out('bye');`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => hub.ingest('child', 'stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => hub.ingest('child', 'stderr', chunk));
    await new Promise((resolve) => child.on('close', resolve));
    hub.endOfStream('child', 'stdout');
    hub.endOfStream('child', 'stderr');
    await seen.settled();
    const lines = seen.chunks.flatMap((chunk) => chunk.lines);
    expect(lines).toHaveLength(500 + 1 + 3 + 1 + 1);
    expect(lines.map((line) => line.seq)).toEqual(lines.map((_, index) => index + 1));
    expect(lines.slice(0, 4).map((line) => line.level)).toEqual(['warn', 'info', 'warn', 'info']);
    expect(lines.map((line) => line.text)).toContain('\u001b[32mready\u001b[39m token=***');
    expect(lines.filter((line) => /^x+$/.test(line.text)).map((line) => line.text.length)).toEqual([1_024, 1_024, 952]);
    expect(lines.find((line) => line.stream === 'stderr')?.text).toBe('Error: something broke');
    expect(lines.at(-1)?.text).toBe('bye');
  });

  it('stays bounded in memory under a 200 MB flood with a subscriber that never drains, which later learns what it skipped', async () => {
    const hub = hubForTest({ stateDir: stateDir() });
    let drains = false;
    // Counters, not collectors: the test itself must not keep what it is sent.
    const slow = { lines: 0, skipped: 0, chunks: 0, lastSeq: 0 };
    const live = { lines: 0, skipped: 0 };
    hub.subscribe((chunk) => {
      slow.lines += chunk.lines.length;
      slow.skipped += chunk.skipped;
      slow.chunks++;
      slow.lastSeq = chunk.lines.at(-1)?.seq ?? slow.lastSeq;
    }, { canDeliver: () => drains });
    hub.subscribe((chunk) => {
      live.lines += chunk.lines.length;
      live.skipped += chunk.skipped;
    });
    hub.setSecrets('flood', ['not-in-the-output-secret']);
    const lines: string[] = [];
    for (let index = 0; lines.join('').length < 64 * 1024 - 200; index++) {
      lines.push(index % 2 ? `{"level":30,"time":1700000000000,"pid":4242,"hostname":"bench","reqId":${index},"msg":"request completed"}\n` : `2025-01-01T00:00:00.000Z \u001b[32minfo\u001b[39m GET /api/items/${index} 200 in 12ms\n`);
    }
    const chunk = Buffer.from(lines.join(''));
    const rounds = Math.ceil((200 * 1024 * 1024) / chunk.length);
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    for (let round = 0; round < rounds; round++) {
      hub.ingest('flood', 'stdout', chunk);
      if (round % 16 === 0) {
        rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    expect(rssPeak - rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(slow.chunks).toBe(0);
    drains = true;
    const total = rounds * lines.length;
    while (slow.lines + slow.skipped < total || live.lines + live.skipped < total) await sleep(10);
    expect(slow.skipped).toBeGreaterThan(0);
    expect(slow.lines + slow.skipped).toBe(total);
    expect(slow.lastSeq).toBe(total);
    expect(live.lines + live.skipped).toBe(total);
    expect(hub.stats('flood').lines).toBe(total);
    expect(hub.stats('flood').fileErrors).toBe(0);
  }, 60_000);
});
