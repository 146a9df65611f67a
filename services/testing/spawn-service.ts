import { spawn, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';

export type ServiceName = 'auth' | 'backend';

export interface SpawnedService {
  name: ServiceName;
  port: number;
  url: string;
  child: ChildProcess;
  // Log lines as the service printed them (stdout: JSON lines), and stderr text.
  stdout: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = (name: ServiceName) => fileURLToPath(new URL(`../${name}/main.ts`, import.meta.url));

// Secrets long enough to pass the rules, shared as the launcher would share them.
export const TEST_SECRETS = {
  JWT_SECRET_KEY: 'test-jwt-secret-key-that-is-long-enough-for-staging-and-production-0',
  SERVICE_SECRET: 'test-service-secret-that-is-long-enough-0123456789',
  SECRET_KEY: 'test-backend-secret-key-that-is-long-enough-012345',
  OAUTH_HMAC_SECRET: 'test-oauth-hmac-secret-that-is-long-enough-0123456',
};

export interface SpawnOptions {
  env?: Record<string, string>;
  // Wait for /health to answer (default), or only for the process to start (config failures exit first).
  waitForHealth?: boolean;
  stdin?: 'pipe' | 'ignore';
}

// A service as the launcher starts it: a real process with only the environment it is given, on a free port.
export async function spawnService(name: ServiceName, options: SpawnOptions = {}): Promise<SpawnedService> {
  const port = await getPort({ host: '127.0.0.1' });
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ENVIRONMENT: 'test', STACKDECK_LAUNCHED: '1', LOG_LEVEL: 'debug', PORT: String(port), ...TEST_SECRETS, ...options.env };
  const child = spawn(process.execPath, [MAIN(name)], { env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const service: SpawnedService = {
    name, port, url: `http://127.0.0.1:${env.PORT}`, child, stdout, stderr: () => stderr, exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      const result = await exited;
      clearTimeout(killer);
      return result;
    },
  };
  if (options.waitForHealth !== false) await waitForHealth(service);
  return service;
}

// Polls /health until it answers, the process dies, or 15 s pass: never an unbounded wait.
async function waitForHealth(service: SpawnedService): Promise<void> {
  const deadline = Date.now() + 15_000;
  let died = false;
  void service.exited.then(() => { died = true; });
  while (Date.now() < deadline) {
    if (died) throw new Error(`${service.name} exited before it was healthy:\n${service.stderr()}\n${service.stdout.join('\n')}`);
    try {
      const response = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await service.stop();
  throw new Error(`${service.name} was not healthy within 15 s:\n${service.stderr()}`);
}

// The JSON log lines a service printed, parsed; other lines are skipped.
export function logRecords(service: SpawnedService): Record<string, unknown>[] {
  return service.stdout.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json().catch(() => ({})) as Record<string, unknown> };
}

// This machine's own host name when it resolves to a loopback address: a "remote" host for deployed-profile tests
// that sends nothing off the machine. Undefined where the name does not resolve that way.
export async function localMachineName(): Promise<string | undefined> {
  try {
    const { address } = await lookup(hostname(), { family: 4 });
    return address.startsWith('127.') && hostname() !== 'localhost' ? hostname() : undefined;
  } catch {
    return undefined;
  }
}
