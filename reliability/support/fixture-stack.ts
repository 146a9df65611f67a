import { node } from '../../main/engine/testing/test-stack.ts';

// Two small HTTP services, the second depending on the first: the process tree of a real stack at a fraction of
// its start-up time, so fault scenarios can repeat many times. readyDelayMs widens the "mid-start" window.
export function fixtureStackFiles(readyDelayMs = 0): Record<string, string> {
  const service = (extra: object) => ({ command: node('http-service.mjs'), port: { variable: 'PORT' }, readiness: { http: '/health' }, ...extra });
  return {
    'stackdeck.json': JSON.stringify({
      services: {
        api: service({ envDir: 'api' }),
        web: service({ envDir: 'web', dependsOn: { api: 'healthy' }, peers: { PEER_URL: 'api' } }),
      },
    }),
    'api/.env': `READY_DELAY_MS=${readyDelayMs}\n`,
    'web/.env': `READY_DELAY_MS=${readyDelayMs}\n`,
  };
}
