import { connect } from 'node:net';

// The status line is all a probe reads; an answer without one in this many bytes is not HTTP.
const STATUS_LINE_MAX_BYTES = 1024;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})/;

// Why: the readiness probe's GET on a plain TCP socket: the status of the first answer, or undefined when nothing answered
// it in HTTP (refused, reset, timed out). `fetch` costs the launcher ~80 ms of CPU to load, while the first service boots.
// onConnected: the connection was accepted (the port is open), before any answer.
export function httpStatus(url: URL, timeoutMs: number, onConnected?: () => void): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), timeout: timeoutMs });
    let received = '';
    const finish = (status: number | undefined) => {
      socket.destroy();
      resolve(status);
    };
    socket.once('connect', () => {
      onConnected?.();
      socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: */*\r\nUser-Agent: stackdeck-readiness\r\nConnection: close\r\n\r\n`);
    });
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end === -1 && received.length < STATUS_LINE_MAX_BYTES) return;
      const match = STATUS_LINE.exec(end === -1 ? received : received.slice(0, end));
      finish(match ? Number(match[1]) : undefined);
    });
    socket.once('end', () => finish(undefined));
    socket.once('timeout', () => finish(undefined));
    socket.once('error', () => finish(undefined));
  });
}
