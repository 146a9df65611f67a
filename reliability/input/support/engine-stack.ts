import { sessionOverEngine } from '../../../main/session/testing/session-over-engine.ts';
import { afterAll, beforeAll, expect } from 'vitest';
import { QueryResultSchemas, type EngineResponse } from '../../../shared/api/engine-contract.ts';
import { eventually, node, startTestStack, type TestStack } from '../../../main/engine/testing/test-stack.ts';
import { startTestServer, type TestServer } from '../../../main/web/testing/test-server.ts';
import { isAlive } from '../../support/proc.ts';
import { askOverHttp } from './engine-over-http.ts';
import { summaryLine, type Tally } from './tally.ts';

// The one service of the stack the input tests run: a real HTTP process the engine starts, supervises and stops.
export const SERVICE = 'svc';

// Why: hostile input is sent to a real engine, with a real service it could be tricked into starting, stopping or changing.
export function startOneServiceStack(): Promise<TestStack> {
  return startTestStack({
    services: { [SERVICE]: { command: node('http-service.mjs'), envDir: SERVICE, port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 20 } } },
  });
}

export interface EngineBehindServer {
  stack: TestStack;
  test: TestServer;
}

// Why: every browser-mode input test runs its barrage against the same setup, started once per file and closed after it.
export function engineBehindServerForThisFile(): EngineBehindServer {
  const cleanups: (() => Promise<void> | void)[] = [];
  const live = {} as EngineBehindServer;
  beforeAll(async () => {
    live.stack = await startOneServiceStack();
    cleanups.push(() => live.stack.close());
    live.test = await startTestServer(cleanups, { engine: sessionOverEngine(live.stack.engine) });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return live;
}

// One engine request over some transport (browser-mode HTTP, Electron IPC), answered per the contract.
export type AskEngine = (request: unknown) => Promise<EngineResponse>;

// Why: after a barrage of bad input the engine must still answer a query and still start, serve and stop a real service.
export async function expectEngineStillWorks(ask: AskEngine): Promise<string> {
  const stateOf = async () => {
    const answer = await ask({ id: 'alive-state', kind: 'query', body: { type: 'stackState' } });
    if (!answer.ok) throw new Error(`stackState refused: ${answer.error.message}`);
    const status = QueryResultSchemas.stackState.parse(answer.result).services.find((service) => service.name === SERVICE);
    if (!status) throw new Error(`stackState has no ${SERVICE}`);
    return status;
  };
  expect((await stateOf()).state).toBe('stopped');
  expect(await ask({ id: 'alive-start', kind: 'command', body: { type: 'start', service: SERVICE } })).toMatchObject({ ok: true });
  const running = await stateOf();
  expect(running.state).toBe('ready');
  const health = await fetch(`${running.url}/health`, { signal: AbortSignal.timeout(5_000) });
  expect(health.status).toBe(200);
  const pid = running.pid ?? 0;
  expect(await ask({ id: 'alive-stop', kind: 'command', body: { type: 'stop', service: SERVICE } })).toMatchObject({ ok: true });
  expect((await stateOf()).state).toBe('stopped');
  await eventually(() => !isAlive(pid), `the service (pid ${pid}) to be gone after stop`, 10_000);
  return `stackState answered, ${SERVICE} started (pid ${pid}, /health 200) and stopped`;
}

// Why: a refused request must have changed nothing: the service is still stopped and no override was set.
export async function expectNothingChanged(ask: AskEngine): Promise<void> {
  const state = await ask({ id: 'unchanged-state', kind: 'query', body: { type: 'stackState' } });
  expect(state.ok && QueryResultSchemas.stackState.parse(state.result).services.map((service) => [service.name, service.state])).toEqual([[SERVICE, 'stopped']]);
  const config = await ask({ id: 'unchanged-config', kind: 'query', body: { type: 'config' } });
  const variables = config.ok ? QueryResultSchemas.config.parse(config.result).services.flatMap((service) => service.variables) : [];
  expect(config.ok).toBe(true);
  expect(variables.filter((variable) => variable.source?.kind === 'override')).toEqual([]);
}

// Why: the closing check of every HTTP barrage: nothing changed or logged, no 5xx, and the engine still works; gives the figures line.
export async function expectHttpBarrageHarmless(live: EngineBehindServer, tally: Tally, label: string): Promise<string> {
  await expectNothingChanged(askOverHttp(live.test));
  const still = await expectEngineStillWorks(askOverHttp(live.test));
  expect(live.test.logged.map((entry) => entry.message)).toEqual([]);
  expect(tally.unexpected).toEqual([]);
  expect(tally.status5xx).toBe(0);
  return summaryLine(label, tally, `engine still serving: ${still}`);
}
