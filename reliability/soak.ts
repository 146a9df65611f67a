// The soak: the reliability scenarios at full size (the test suite runs them smaller, within CI's minutes), each
// printing its figures as one JSON line. `npm run soak` runs them all (about 6 minutes on 2 cores);
// `npm run soak -- launcher-kill flood` runs those named. RELIABILITY.md quotes these figures.
import { killBackendWhileWatched } from './faults/backend-killed.ts';
import { crashLoop } from './faults/crash-loop.ts';
import { runWithUnwritableDiscovery } from './faults/discovery-unwritable.ts';
import { replaceEnvFileWhileWatched } from './faults/env-file-vanishes.ts';
import { launcherDeaths } from './faults/launcher-death-real.ts';
import { killLauncherRepeatedly } from './faults/launcher-kill.ts';
import { floodLauncher } from './faults/log-flood.ts';
import { floodLiveHeap } from './faults/log-flood-heap.ts';
import { stealPortBeforeBind } from './faults/port-stolen.ts';
import { cycleStartStop } from './faults/start-stop-cycles.ts';
import { stopStubbornService } from './faults/stubborn-service.ts';
import { fuzzEnvFileReader, fuzzEnvParser } from './parser/env-parser-fuzz.ts';

const GiB = 1024 ** 3;

const SCENARIOS: Record<string, () => Promise<unknown>> = {
  'launcher-kill': () => killLauncherRepeatedly({ midStart: 50, midRun: 50 }),
  'launcher-kill-real': () => launcherDeaths([{ wrapper: 'direct', signal: 'SIGKILL', times: 50 }]),
  'wrapper-sigterm': () => launcherDeaths([{ wrapper: 'npx', signal: 'SIGTERM', times: 20 }, { wrapper: 'npm-run', signal: 'SIGTERM', times: 20 }, { wrapper: 'sh', signal: 'SIGTERM', times: 20 }]),
  'start-stop-cycles': () => cycleStartStop(200),
  'crash-loop': () => crashLoop(),
  'flood': async () => ({ oneGiB: await floodLauncher(GiB), eightGiB: await floodLauncher(8 * GiB) }),
  'flood-heap': () => floodLiveHeap(4 * GiB),
  'port-stolen': async () => [await stealPortBeforeBind(), await stealPortBeforeBind(), await stealPortBeforeBind()],
  'stubborn-service': () => stopStubbornService(),
  'discovery-unwritable': () => runWithUnwritableDiscovery(),
  'env-file-vanishes': () => replaceEnvFileWhileWatched(100),
  'backend-killed': async () => [await killBackendWhileWatched(), await killBackendWhileWatched(), await killBackendWhileWatched()],
  'parser-fuzz': async () => ({ parser: fuzzEnvParser(1_000_000), reader: await fuzzEnvFileReader(20_000) }),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of asked.length > 0 ? asked : Object.keys(SCENARIOS)) {
  const started = performance.now();
  try {
    const figures = await SCENARIOS[name]?.();
    console.log(JSON.stringify({ scenario: name, seconds: Math.round((performance.now() - started) / 100) / 10, figures }));
  } catch (error) {
    failed++;
    console.log(JSON.stringify({ scenario: name, error: error instanceof Error ? error.message : String(error) }));
  }
}
process.exit(failed > 0 ? 1 : 0);
