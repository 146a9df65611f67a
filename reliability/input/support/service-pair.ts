import { afterAll, beforeAll } from 'vitest';
import { post, spawnService, type SpawnedService } from '../../../services/testing/spawn-service.ts';

export interface ServicePair {
  auth: SpawnedService;
  backend: SpawnedService;
  // A real token from POST /auth/dev/login: the positive control every refusal is measured against.
  token: string;
  stop: () => Promise<void>;
}

// Short agent timings, so runs a test starts end (and the backend stops) within seconds.
const TIMINGS = { AGENT_HEARTBEAT_INTERVAL: '0.1', AGENT_HEARTBEAT_TIMEOUT: '0.6', AGENT_EXECUTION_TIMEOUT: '1.2' };

// Why: input and token tests need the real auth and backend processes, wired as the launcher wires them.
export async function startServicePair(): Promise<ServicePair> {
  const auth = await spawnService('auth');
  let backend: SpawnedService;
  try {
    backend = await spawnService('backend', { env: { AUTH_SERVICE_URL: auth.url, ...TIMINGS } });
  } catch (error) {
    await auth.stop();
    throw error;
  }
  const login = await post(`${auth.url}/auth/dev/login`, { email: 'qa@example.com' });
  return {
    auth, backend, token: String(login.body.access_token),
    stop: async () => {
      await backend.stop();
      await auth.stop();
    },
  };
}

// Why: each service input test file runs against one pair, started before its tests and stopped after them.
export function servicePairForThisFile(): { pair: ServicePair } {
  const live = {} as { pair: ServicePair };
  beforeAll(async () => {
    live.pair = await startServicePair();
  });
  afterAll(async () => {
    await live.pair.stop();
  });
  return live;
}

// Why: after every barrage both services must still report healthy, and still answer a real caller.
export async function healthStatuses(pair: ServicePair): Promise<number[]> {
  return Promise.all([pair.auth, pair.backend].map(async (service) => (await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(5_000) })).status));
}
