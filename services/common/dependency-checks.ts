import pg from 'pg';
import { createClient } from 'redis';
import { maskEmbeddedCredentials } from '../../shared/config/mask.ts';

export interface DependencyStatus {
  configured: boolean;
  // null when not configured: nothing to reach.
  reachable: boolean | null;
  latency_ms?: number;
  error?: string;
}

// Errors go into /health: credentials a driver echoes back are masked like everything else.
function failure(started: number, error: unknown): DependencyStatus {
  const text = error instanceof Error ? error.message || error.constructor.name : String(error);
  return { configured: true, reachable: false, latency_ms: Math.round(performance.now() - started), error: maskEmbeddedCredentials(text) };
}

// A real connection and `SELECT 1` with the real driver: the only proof that the database answers.
export async function checkPostgres(connectionString: string, timeoutMs = 1_500): Promise<DependencyStatus> {
  const started = performance.now();
  let client: pg.Client | undefined;
  try {
    client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    client.on('error', () => {});
    await client.connect();
    await client.query('SELECT 1');
    return { configured: true, reachable: true, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return failure(started, error);
  } finally {
    await client?.end().catch(() => {});
  }
}

// A real connection and PING with the real client, no reconnect loop left behind.
export async function checkRedis(url: string, timeoutMs = 1_500): Promise<DependencyStatus> {
  const started = performance.now();
  let client: ReturnType<typeof createClient> | undefined;
  try {
    client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
    client.on('error', () => {});
    await withTimeout(client.connect(), timeoutMs, 'connect');
    await withTimeout(client.ping(), timeoutMs, 'PING');
    return { configured: true, reachable: true, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return failure(started, error);
  } finally {
    // destroy() on a client that never opened throws ClientClosedError, hiding the real reason.
    if (client?.isOpen) client.destroy();
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

// A check that throws synchronously becomes a rejected promise, so one broken check cannot stop the polling.
function callSafely<T>(check: () => Promise<T>): Promise<T> {
  try {
    return check();
  } catch (error) {
    return Promise.reject(error);
  }
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
      // A check that throws (even synchronously) is an unreachable dependency, its text masked like any other.
      latest[name] = await callSafely(check).catch((error: unknown) => ({ configured: true, reachable: false, error: maskEmbeddedCredentials(String(error)) }));
    }));
    inFlight = false;
  };
  void runAll();
  const timer = setInterval(() => void runAll(), intervalMs);
  timer.unref();
  return { latest: () => ({ ...latest }), stop: () => clearInterval(timer) };
}
