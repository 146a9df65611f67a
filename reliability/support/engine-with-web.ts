import { sessionOverEngine } from '../../main/session/testing/session-over-engine.ts';
import { startWebServer, type WebServer } from '../../main/web/server.ts';
import { startEngine } from '../../main/engine/start-engine.ts';
import type { Engine } from '../../main/engine/core/engine.ts';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

export interface EngineWithWeb {
  root: string;
  engine: Engine;
  server: WebServer;
  // Every event but log chunks, with the time it came (log chunks would make a flood scenario measure this array).
  events: { at: number; event: EngineEvent }[];
  // One request to the engine over browser mode's HTTP API: the status, the parsed answer, and how long it took.
  request: (body: object) => Promise<{ status: number; body: unknown; ms: number }>;
  close: () => Promise<void>;
}

// Why: fault scenarios judge the launcher as a user meets it: a real engine on a stack in a fresh folder, answering over HTTP.
export async function startEngineWithWeb(files: Record<string, string>, options: { agentMonitor?: boolean } = {}): Promise<EngineWithWeb> {
  const { dir: root, cleanup } = makeTempDir(files);
  const engine = await startEngine({ root, profile: 'development', parentEnv: { PATH: process.env.PATH, HOME: root }, agentMonitor: options.agentMonitor ?? false });
  const server = await startWebServer({ engine: sessionOverEngine(engine), port: 0, log: () => {} });
  const events: EngineWithWeb['events'] = [];
  const unsubscribe = engine.subscribe((event) => {
    if (event.type !== 'log') events.push({ at: Date.now(), event });
  });
  let nextId = 0;
  return {
    root,
    engine,
    server,
    events,
    request: async (body) => {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${server.port}/api/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ id: String(++nextId), ...body }),
        signal: AbortSignal.timeout(10_000),
      });
      const parsed: unknown = await response.json();
      return { status: response.status, body: parsed, ms: performance.now() - started };
    },
    close: async () => {
      unsubscribe();
      await server.close();
      await engine.close();
      cleanup();
    },
  };
}

// Why: "responsive throughout" needs evidence: the API asked every few tens of milliseconds, each answer timed.
export function probeApi(stack: EngineWithWeb, everyMs = 50): { stop: () => Promise<{ requests: number; failures: number; slowestMs: number; p99Ms: number }> } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const answer = await stack.request({ kind: 'query', body: { type: 'stackState' } });
        if (answer.status === 200) latencies.push(answer.ms);
        else failures++;
      } catch {
        failures++;
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return { requests: latencies.length + failures, failures, slowestMs: at(1), p99Ms: at(0.99) };
    },
  };
}
