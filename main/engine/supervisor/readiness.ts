import { connectOutcome } from '../ports/connect-outcome.ts';
import { httpStatus } from './http-status.ts';

// Readiness as the stack file names it: an HTTP path answering 2xx, and/or a log line matching a pattern; or, for a
// service with a port and neither, a TCP connection accepted on that port.
export interface ReadinessProbe {
  url?: string;
  logPattern?: RegExp;
  tcpPort?: number;
  timeoutMs: number;
  // The HTTP probe's connection was accepted (the port is open), before its answer: a caller may read the listening ports now.
  onPortOpen?: () => void;
}

// Between two attempts of a probe: a refused local connection costs ~0.2 ms, and the wait after the port opens is at most this.
const PROBE_INTERVAL_MS = 10;
// The longest wait between two probes of a service that answers, not yet 2xx.
const MAX_ANSWERED_INTERVAL_MS = 250;

export interface ReadinessWatch {
  // Feed the service's output as read, per stream; the pattern is matched line by line across chunk boundaries, colours
  // removed. A chunk is decoded only while a log line is awaited: a service that floods its log long after it is ready
  // costs the watch nothing.
  output: (chunk: Buffer | string, stream?: 'stdout' | 'stderr') => void;
  result: Promise<{ ready: true } | { ready: false; reason: string }>;
  cancel: () => void;
  // Gives up at once with this reason (the service was seen listening elsewhere).
  fail: (reason: string) => void;
}

// Does anything accept a TCP connection on this local port (IPv4 loopback, else IPv6)?
export async function acceptsTcp(port: number, timeoutMs = 1_000): Promise<boolean> {
  for (const host of ['127.0.0.1', '::1']) {
    if (await connectOutcome(host, port, timeoutMs) === 'accepted') return true;
  }
  return false;
}

// Why: the words for a probe, the same in the status, the waiting message and a timeout.
export function describeProbe(probe: Pick<ReadinessProbe, 'url' | 'logPattern' | 'tcpPort'>): string | null {
  const parts = [probe.url && `GET ${probe.url} to answer 2xx`, probe.logPattern && `a log line matching /${probe.logPattern.source}/`, probe.tcpPort !== undefined && `a TCP connection on port ${probe.tcpPort}`];
  return parts.filter(Boolean).join(' and ') || null;
}

const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(?:\u0007|\u001b\\)/g;

// Why: dependents start only once a service really answers; every wait is bounded and says why it failed.
export function watchReadiness(probe: ReadinessProbe): ReadinessWatch {
  let httpReady = probe.url === undefined;
  let tcpReady = probe.tcpPort === undefined;
  let logReady = probe.logPattern === undefined;
  const partial = { stdout: '', stderr: '' };
  let settle: (value: { ready: true } | { ready: false; reason: string }) => void = () => {};
  let settled = false;
  let poller: NodeJS.Timeout | undefined;
  let tcpPoller: NodeJS.Timeout | undefined;
  const result = new Promise<{ ready: true } | { ready: false; reason: string }>((resolve) => { settle = resolve; });
  const finish = (value: { ready: true } | { ready: false; reason: string }) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(poller);
    clearTimeout(tcpPoller);
    settle(value);
  };
  const checkDone = () => {
    if (httpReady && logReady && tcpReady) finish({ ready: true });
  };
  const timer = setTimeout(() => {
    const waiting = describeProbe({ url: httpReady ? undefined : probe.url, logPattern: logReady ? undefined : probe.logPattern, tcpPort: tcpReady ? undefined : probe.tcpPort });
    finish({ ready: false, reason: `not ready after ${probe.timeoutMs / 1000} s: waited for ${waiting}` });
  }, probe.timeoutMs);
  let answeredInterval = PROBE_INTERVAL_MS;
  const poll = async () => {
    if (settled || httpReady || !probe.url) return;
    const answer = await httpAnswer(probe.url, probe.onPortOpen);
    if (answer === 'ready') {
      httpReady = true;
      checkDone();
      return;
    }
    // Local and cheap: polling a closed port often keeps the wait close to the service's real start-up time. A service
    // that answers but not yet 2xx (warming up) is asked less and less often, so its log is not filled with our probes.
    if (answer === 'not-ready') answeredInterval = Math.min(MAX_ANSWERED_INTERVAL_MS, answeredInterval * 2);
    if (!settled) poller = setTimeout(() => void poll(), answer === 'no-answer' ? PROBE_INTERVAL_MS : answeredInterval);
  };
  const pollTcp = async () => {
    if (settled || tcpReady || probe.tcpPort === undefined) return;
    if (await acceptsTcp(probe.tcpPort)) {
      tcpReady = true;
      checkDone();
      return;
    }
    if (!settled) tcpPoller = setTimeout(() => void pollTcp(), PROBE_INTERVAL_MS);
  };
  void poll();
  void pollTcp();
  checkDone();
  return {
    output(chunk, stream = 'stdout') {
      if (logReady || settled || !probe.logPattern) return;
      const lines = (partial[stream] + chunk.toString()).split('\n');
      partial[stream] = (lines.pop() ?? '').slice(-4096);
      // Services run with FORCE_COLOR: the pattern is written for the text a user sees, not the escape codes.
      if (lines.some((line) => probe.logPattern?.test(line.replace(ANSI_ESCAPE, '').replace(/\r$/, '')))) {
        logReady = true;
        checkDone();
      }
    },
    result,
    cancel: () => finish({ ready: false, reason: 'cancelled' }),
    fail: (reason) => finish({ ready: false, reason }),
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// Whether GET url answers 2xx, as fetch says it (redirects followed), answers something else, or does not answer. A plain
// http URL is asked on a socket; fetch is used for what that does not settle (a redirect to follow, an informational
// answer) and for the rest (https, credentials in the URL).
async function httpAnswer(url: string, onPortOpen?: () => void): Promise<'ready' | 'not-ready' | 'no-answer'> {
  const target = new URL(url);
  if (target.protocol === 'http:' && target.username === '' && target.password === '') {
    const status = await httpStatus(target, 1_000, onPortOpen);
    if (status === undefined) return 'no-answer';
    if (status >= 200 && status < 300) return 'ready';
    if (status >= 200 && !REDIRECTS.has(status)) return 'not-ready';
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok ? 'ready' : 'not-ready';
  } catch {
    // not listening yet
    return 'no-answer';
  }
}
