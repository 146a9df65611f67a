import { createServer, type Server } from 'node:net';
import { node } from '../../main/engine/testing/test-stack.ts';
import type { StackReport } from '../../shared/config/report.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { startEngineWithWeb } from '../support/engine-with-web.ts';
import { systemNotes } from '../support/system-notes.ts';

export interface PortStolenFigures {
  stolenPort: number;
  finalState: string;
  finalPort: number | null;
  // What the dependent service started afterwards was given as its peer's address (goal: the new port).
  peerUrlGiven: string | null;
  crashReason: string;
  notes: string[];
}

// Why: get-port's answer is only true when it is given; another process can take the port before the service binds
// it. The user must learn that is what happened, and the service must come up on another port by itself.
export async function stealPortBeforeBind(): Promise<PortStolenFigures> {
  const stack = await startEngineWithWeb({
    'stackdeck.json': JSON.stringify({
      services: {
        api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health' }, restart: { policy: 'on-failure', maxRestarts: 3, initialDelayMs: 100, factor: 2, maxDelayMs: 1000, resetAfterSeconds: 30 } },
        web: { command: node('http-service.mjs'), envDir: 'web', port: { variable: 'PORT' }, peers: { PEER_URL: 'api' } },
      },
    }),
    // The service binds its port half a second after it starts: the window in which the port is stolen.
    'api/.env': 'READY_DELAY_MS=500\n',
  });
  let thief: Server | undefined;
  try {
    const api = stack.engine.runners.get('api');
    const web = stack.engine.runners.get('web');
    if (!api || !web) throw new Error('the stack lacks its services');
    const starting = stack.engine.command({ type: 'start', service: 'api' });
    const port = await pollUntil(() => api.pid !== null && api.port, 15_000);
    if (!port) throw new Error('api never got a port');
    const stolen = createServer();
    thief = stolen;
    await new Promise<void>((resolve, reject) => { stolen.once('error', reject); stolen.listen(port, '127.0.0.1', resolve); });
    await starting;
    await pollUntil(() => api.state === 'ready' && api.port !== port, 20_000);
    await stack.engine.command({ type: 'start', service: 'web' });
    await pollUntil(() => web.state === 'ready', 10_000);
    return {
      stolenPort: port,
      finalState: api.state,
      finalPort: api.port,
      peerUrlGiven: (await stack.request({ kind: 'query', body: { type: 'config' } }).then((answer) => (answer.body as { result?: StackReport }).result))
        ?.services.find((service) => service.name === 'web')?.variables.find((variable) => variable.key === 'PEER_URL')?.value ?? null,
      crashReason: api.lastCrash?.reason ?? '',
      notes: await systemNotes(stack, 'api'),
    };
  } finally {
    thief?.close();
    await stack.close();
  }
}
