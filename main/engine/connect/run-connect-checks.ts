import { retryDelays, worstCaseMs, type ConnectPolicy } from '../../../shared/config/connect/connect-policy.ts';
import type { ConnectResult } from '../../../shared/config/connect/connect-report.ts';
import type { ConnectPlan, ConnectTarget } from '../../../shared/config/connect/connection-targets.ts';
import { maskEmbeddedCredentials } from '../../../shared/config/mask.ts';
import { createRedactor } from '../logs/redact-secrets.ts';
import { probeFor } from './probe-for.ts';
import { FinalAnswerError, errorText, type Probe } from './probe.ts';

export const DEFAULT_CONNECT_CONCURRENCY = 8;
// A driver given the attempt's time limit says so itself; this much later the attempt is abandoned regardless.
const GRACE_MS = 250;

export interface ConnectRunOptions {
  policy: ConnectPolicy;
  // Ctrl+C: what is running stops, what has not started is not tried, and every target still says where it was.
  signal?: AbortSignal;
  concurrency?: number;
  // The whole run's limit; by default what the targets can take at worst, in rounds of `concurrency`, and a second more.
  deadlineMs?: number;
  random?: () => number;
  probeFor?: (target: ConnectTarget) => Probe;
}

interface Outcome {
  status: 'ok' | 'failed' | 'aborted';
  attempts: number;
  elapsedMs: number;
  detail?: string;
  error?: string;
}

// Why: every target tried at once up to a bound, each with the profile's retries and back-off, the whole run bounded,
// and nothing a driver says can carry a password out. One address used by several services is tried once.
export async function runConnectChecks(plan: ConnectPlan, options: ConnectRunOptions): Promise<ConnectResult[]> {
  const concurrency = options.concurrency ?? DEFAULT_CONNECT_CONCURRENCY;
  const rounds = Math.max(1, Math.ceil(plan.targets.length / concurrency));
  const deadlineMs = options.deadlineMs ?? rounds * worstCaseMs(options.policy) + 1_000;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const byAddress = new Map<string, Promise<Outcome>>();
  const outcomes: Outcome[] = new Array<Outcome>(plan.targets.length);
  try {
    await inParallel(plan.targets, concurrency, async (target, index) => {
      const identity = `${target.kind} ${target.peer ?? ''} ${target.address}`;
      let outcome = byAddress.get(identity);
      if (!outcome) {
        outcome = tryTarget(target, (options.probeFor ?? probeFor)(target), options, signal);
        byAddress.set(identity, outcome);
      }
      outcomes[index] = await outcome;
    });
  } finally {
    clearTimeout(timer);
  }
  const late = `not finished within the run's limit of ${seconds(deadlineMs)}`;
  return [
    ...plan.targets.map((target, index): ConnectResult => {
      const outcome = outcomes[index] ?? { status: 'aborted', attempts: 0, elapsedMs: 0 };
      const timedOut = outcome.status === 'aborted' && deadline.signal.aborted && options.signal?.aborted !== true;
      return {
        service: target.service, keys: target.keys, kind: target.kind, target: redactorFor(target.secrets)(target.display), from: target.from,
        ...(target.peer === undefined ? {} : { peer: target.peer }),
        ...outcome,
        ...(timedOut ? { status: 'failed', error: outcome.error ? `${late}; last error: ${outcome.error}` : late } : {}),
      };
    }),
    ...plan.skipped.map((skipped): ConnectResult => ({
      service: skipped.service, keys: skipped.keys, kind: null, target: null, from: null, status: skipped.required ? 'failed' : 'skipped', attempts: 0, elapsedMs: 0, error: skipped.reason,
    })),
  ];
}

async function tryTarget(target: ConnectTarget, probe: Probe, options: ConnectRunOptions, signal: AbortSignal): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const clean = redactorFor(target.secrets);
  const delays = retryDelays(options.policy, options.random);
  let attempts = 0;
  let lastError: string | undefined;
  for (let attempt = 0; attempt <= options.policy.retries; attempt++) {
    if (signal.aborted) return { status: 'aborted', attempts, elapsedMs: elapsed(), ...(lastError ? { error: lastError } : {}) };
    attempts++;
    try {
      const detail = await attemptWithin(probe, target.address, options.policy.timeoutMs, signal);
      return { status: 'ok', attempts, elapsedMs: elapsed(), detail: clean(detail) };
    } catch (error) {
      lastError = clean(errorText(error));
      if (error instanceof FinalAnswerError) break;
    }
    if (attempt < options.policy.retries) await sleep(delays[attempt] ?? 0, signal);
  }
  if (signal.aborted) return { status: 'aborted', attempts, elapsedMs: elapsed(), ...(lastError ? { error: lastError } : {}) };
  return { status: 'failed', attempts, elapsedMs: elapsed(), error: lastError ?? 'no attempt was made' };
}

// Why: whatever is said about a target (its address, a driver's error, a server's answer) goes through one filter: each of
// its secrets, however short, as written and URL-decoded, and any URL password or secret query value it quotes.
export function redactorFor(secrets: readonly string[]): (text: string) => string {
  const redactor = createRedactor(secrets, { minLength: 1 });
  return (text) => maskEmbeddedCredentials(redactor.redact(text));
}

// One attempt, abandoned (and its driver told to stop) when the run is stopped or the driver overruns its own limit.
async function attemptWithin(probe: Probe, address: string, timeoutMs: number, run: AbortSignal): Promise<string> {
  const attempt = new AbortController();
  const stop = () => attempt.abort();
  run.addEventListener('abort', stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { attempt.abort(); reject(new Error(`no answer within ${timeoutMs} ms`)); }, timeoutMs + GRACE_MS);
    attempt.signal.addEventListener('abort', () => reject(new Error(run.aborted ? 'stopped before an answer came' : `no answer within ${timeoutMs} ms`)), { once: true });
  });
  try {
    return await Promise.race([probe(address, { timeoutMs, signal: attempt.signal }), overrun]);
  } finally {
    clearTimeout(timer);
    run.removeEventListener('abort', stop);
    overrun.catch(() => {});
    attempt.abort();
  }
}

// A wait cut short by the run stopping (an already stopped run does not wait at all: its abort event has been and gone).
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

// At most `limit` at a time, in order of the list.
async function inParallel<T>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function seconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(1))} s`;
}
