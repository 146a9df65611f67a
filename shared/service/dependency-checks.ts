import pg from 'pg';
import { createClient } from 'redis';
import { maskEmbeddedCredentials } from '../config/mask.ts';

export interface DependencyStatus {
  configured: boolean;
  // null when not configured: nothing to reach.
  reachable: boolean | null;
  latency_ms?: number;
  error?: string;
}

export const NOT_CONFIGURED: DependencyStatus = { configured: false, reachable: null };

// Errors go into /health: credentials a driver echoes back are masked like everything else.
function failure(started: number, error: unknown): DependencyStatus {
  const text = error instanceof Error ? error.message || error.constructor.name : String(error);
  return { configured: true, reachable: false, latency_ms: Math.round(performance.now() - started), error: maskEmbeddedCredentials(text) };
}

// A real connection and `SELECT 1` with the real driver: the only proof that the database answers.
export async function checkPostgres(connectionString: string, timeoutMs = 1_500): Promise<DependencyStatus> {
  const started = performance.now();
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { configured: true, reachable: true, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return failure(started, error);
  } finally {
    await client.end().catch(() => {});
  }
}

// A real connection and PING with the real client, no reconnect loop left behind.
export async function checkRedis(url: string, timeoutMs = 1_500): Promise<DependencyStatus> {
  const started = performance.now();
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await withTimeout(client.connect(), timeoutMs, 'connect');
    await withTimeout(client.ping(), timeoutMs, 'PING');
    return { configured: true, reachable: true, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return failure(started, error);
  } finally {
    client.destroy();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

// /health may be polled every second by several dashboards: one real check per window, shared by all callers.
export function cachedCheck(check: () => Promise<DependencyStatus>, ttlMs = 2_000): () => Promise<DependencyStatus> {
  let last: { at: number; result: Promise<DependencyStatus> } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at > ttlMs) last = { at: now, result: check() };
    return last.result;
  };
}

// Checks run in the background on a timer, so /health answers at once even while a dependency hangs.
export function pollDependencies(checks: Record<string, () => Promise<DependencyStatus>>, intervalMs = 2_000) {
  const latest: Record<string, DependencyStatus & { checking?: boolean }> = {};
  for (const name of Object.keys(checks)) latest[name] = { configured: true, reachable: null, checking: true };
  let inFlight = false;
  const runAll = async () => {
    if (inFlight) return;
    inFlight = true;
    await Promise.all(Object.entries(checks).map(async ([name, check]) => {
      latest[name] = await check().catch((error: unknown) => ({ configured: true, reachable: false, error: String(error) }));
    }));
    inFlight = false;
  };
  void runAll();
  const timer = setInterval(() => void runAll(), intervalMs);
  timer.unref();
  return { latest: () => ({ ...latest }), stop: () => clearInterval(timer) };
}
