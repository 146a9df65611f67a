import { startWebServer, type WebServer, type WebServerOptions } from '../server.ts';
import { createMemoryEngine, type MemoryEngine } from './memory-engine.ts';

export interface TestServer {
  server: WebServer;
  engine: MemoryEngine;
  // What the server logged instead of telling a caller.
  logged: { message: string; error: unknown }[];
  // http://127.0.0.1:PORT, without the token.
  base: string;
  // ws://127.0.0.1:PORT/api/events?token=...
  eventsUrl: string;
}

// Why: every integration test needs a real server on 127.0.0.1 port 0 with a live engine behind it, closed after the test.
export async function startTestServer(cleanups: (() => Promise<void> | void)[], options: Partial<WebServerOptions> = {}): Promise<TestServer> {
  const engine = options.engine as MemoryEngine | undefined ?? createMemoryEngine();
  const logged: TestServer['logged'] = [];
  const server = await startWebServer({ log: (message, error) => { logged.push({ message, error }); }, ...options, engine });
  cleanups.push(() => server.close());
  const base = `http://127.0.0.1:${server.port}`;
  return { server, engine, logged, base, eventsUrl: `ws://127.0.0.1:${server.port}/api/events?token=${server.token}` };
}
