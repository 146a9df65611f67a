// Readiness as the stack file names it: an HTTP path answering 2xx, and/or a log line matching a pattern.
export interface ReadinessProbe {
  url?: string;
  logPattern?: RegExp;
  timeoutMs: number;
}

export interface ReadinessWatch {
  // Feed the service's output, per stream; the pattern is matched line by line across chunk boundaries, colours removed.
  output: (text: string, stream?: 'stdout' | 'stderr') => void;
  result: Promise<{ ready: true } | { ready: false; reason: string }>;
  cancel: () => void;
}

const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(?:\u0007|\u001b\\)/g;

// Why: dependents start only once a service really answers; every wait is bounded and says why it failed.
export function watchReadiness(probe: ReadinessProbe): ReadinessWatch {
  let httpReady = probe.url === undefined;
  let logReady = probe.logPattern === undefined;
  const partial = { stdout: '', stderr: '' };
  let settle: (value: { ready: true } | { ready: false; reason: string }) => void = () => {};
  let settled = false;
  let poller: NodeJS.Timeout | undefined;
  const result = new Promise<{ ready: true } | { ready: false; reason: string }>((resolve) => { settle = resolve; });
  const finish = (value: { ready: true } | { ready: false; reason: string }) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(poller);
    settle(value);
  };
  const checkDone = () => {
    if (httpReady && logReady) finish({ ready: true });
  };
  const timer = setTimeout(() => {
    const waiting = [!httpReady && `GET ${probe.url} to answer 2xx`, !logReady && `a log line matching /${probe.logPattern?.source}/`].filter(Boolean).join(' and ');
    finish({ ready: false, reason: `not ready after ${probe.timeoutMs / 1000} s: waited for ${waiting}` });
  }, probe.timeoutMs);
  const poll = async () => {
    if (settled || httpReady || !probe.url) return;
    try {
      const response = await fetch(probe.url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) {
        httpReady = true;
        checkDone();
        return;
      }
    } catch {
      // not listening yet
    }
    // Local and cheap: polling often keeps the wait close to the service's real start-up time.
    if (!settled) poller = setTimeout(() => void poll(), 20);
  };
  void poll();
  checkDone();
  return {
    output(text, stream = 'stdout') {
      if (logReady || !probe.logPattern) return;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = (lines.pop() ?? '').slice(-4096);
      // Services run with FORCE_COLOR: the pattern is written for the text a user sees, not the escape codes.
      if (lines.some((line) => probe.logPattern?.test(line.replace(ANSI_ESCAPE, '').replace(/\r$/, '')))) {
        logReady = true;
        checkDone();
      }
    },
    result,
    cancel: () => finish({ ready: false, reason: 'cancelled' }),
  };
}
