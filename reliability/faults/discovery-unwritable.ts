import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { node } from '../../main/engine/testing/test-stack.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { startEngineWithWeb } from '../support/engine-with-web.ts';
import { systemNotes } from '../support/system-notes.ts';

export interface DiscoveryUnwritableFigures {
  state: string;
  answersHealth: boolean;
  notes: string[];
  stoppedCleanly: boolean;
}

// Why: discovery files help other tools find a service; when they cannot be written the service must still run, with
// the reason in its log (a file where the folder should be stands in for any unwritable folder: root ignores modes).
export async function runWithUnwritableDiscovery(): Promise<DiscoveryUnwritableFigures> {
  const stack = await startEngineWithWeb({
    'stackdeck.json': JSON.stringify({ services: { api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health' } } } }),
  });
  try {
    writeFileSync(join(stack.root, '.service_discovery'), 'not a folder\n');
    await stack.engine.command({ type: 'start' });
    const runner = stack.engine.runners.get('api');
    if (!runner) throw new Error('no api service');
    await pollUntil(() => runner.state === 'ready', 15_000);
    const answersHealth = await fetch(`${runner.url}/health`, { signal: AbortSignal.timeout(5_000) }).then((response) => response.ok, () => false);
    const state = runner.state;
    await stack.engine.command({ type: 'stop' });
    return { state, answersHealth, notes: await systemNotes(stack, 'api'), stoppedCleanly: runner.state === 'stopped' };
  } finally {
    await stack.close();
  }
}
