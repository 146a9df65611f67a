import { connect } from 'node:net';
import { within } from '../../../main/web/testing/bounded-wait.ts';

export interface UploadOptions {
  port: number;
  path: string;
  headers: Record<string, string>;
  // The bytes actually sent: all of them, or (for an oversized upload) only as many as the server can refuse on.
  body: Buffer;
  // The Content-Length announced; larger than body for an upload the server must refuse before it ends.
  declaredBytes?: number;
  // Send the body with Transfer-Encoding: chunked and no length at all (the server must count as it reads).
  chunked?: boolean;
  limitMs?: number;
}

export interface UploadAnswer {
  status: number;
  text: string;
}

// Why: a server refusing a huge body answers and closes while the client is still writing, and a client that goes on
// writing (fetch, node:http) loses that answer to EPIPE; this one writes only `body`, then stops and reads the refusal.
export function uploadBody(options: UploadOptions): Promise<UploadAnswer> {
  const head = [
    `POST ${options.path} HTTP/1.1`,
    `Host: 127.0.0.1:${options.port}`,
    ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
    options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.declaredBytes ?? options.body.length}`,
    'Connection: close',
    '', '',
  ].join('\r\n');
  const payload = options.chunked ? Buffer.concat([Buffer.from(`${options.body.length.toString(16)}\r\n`), options.body, Buffer.from('\r\n')]) : options.body;
  return within(new Promise<UploadAnswer>((resolve, reject) => {
    const socket = connect(options.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      const answer = parseAnswer(Buffer.concat(chunks));
      socket.destroy();
      if (answer) resolve(answer);
      else reject(error ?? new Error(`the connection closed without an HTTP answer to POST ${options.path}`));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (isComplete(Buffer.concat(chunks))) settle();
    });
    socket.on('error', (error) => settle(error));
    socket.on('close', () => settle());
    socket.write(head);
    socket.write(payload);
  }), `the answer to a ${options.declaredBytes ?? options.body.length}-byte POST ${options.path}`, options.limitMs ?? 15_000);
}

// Status and body of a complete (or cut-off) HTTP/1.1 answer; undefined when not even a status line came.
function parseAnswer(bytes: Buffer): UploadAnswer | undefined {
  const text = bytes.toString('utf8');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
  if (!status) return undefined;
  const split = text.indexOf('\r\n\r\n');
  return { status: Number(status), text: split < 0 ? '' : text.slice(split + 4) };
}

function isComplete(bytes: Buffer): boolean {
  const split = bytes.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(bytes.subarray(0, split).toString('latin1'))?.[1];
  return length !== undefined && bytes.length - split - 4 >= Number(length);
}
