import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../../../shared/api/engine-contract.ts';
import type { ServiceState } from '../../../shared/api/service-status.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import type { Engine } from '../core/engine.ts';
import { startEngine } from '../start-engine.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface TestStack {
  root: string;
  engine: Engine;
  events: EngineEvent[];
  close: () => Promise<void>;
}

// A stack in a fresh folder: its stackdeck.json and env files written, an engine started on it (no agent monitor unless asked).
export async function startTestStack(
  stackFile: object,
  files: Record<string, string> = {},
  options: { parentEnv?: Record<string, string>; agentMonitor?: boolean } = {},
): Promise<TestStack> {
  const { dir, cleanup } = makeTempDir({ 'stackdeck.json': JSON.stringify(stackFile, null, 2), ...files });
  const engine = await startEngine({
    root: dir,
    profile: 'development',
    parentEnv: options.parentEnv ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    agentMonitor: options.agentMonitor ?? false,
  });
  const events: EngineEvent[] = [];
  // Log chunks are not kept: a flood test would otherwise measure this array, not the engine.
  const unsubscribe = engine.subscribe((event) => {
    if (event.type !== 'log') events.push(event);
  });
  return {
    root: dir,
    engine,
    events,
    close: async () => {
      await engine.close();
      unsubscribe();
      cleanup();
    },
  };
}

// Polls a condition until it holds or the deadline passes: every wait in these tests is bounded.
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function stateOf(stack: TestStack, service: string): ServiceState | undefined {
  return stack.engine.runners.get(service)?.state;
}

export const node = (script: string) => ['node', `${FIXTURES}${script}`];
