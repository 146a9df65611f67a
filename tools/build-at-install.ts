// npm's `prepare` (run by `npm ci` and `npm install` in this folder): builds what a newcomer's first command needs, so
// `npx stackdeck ui` and `npm start` serve the current dashboard and the CLI starts from its bundle. A failure here never
// fails the install: both are built again on demand (the dashboard by `ui`/`npm start`; the CLI runs from its sources).
import { ensureDashboardBuilt } from '../main/cli/dashboard-build.ts';
import { buildCli } from './build-cli.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
try {
  const started = performance.now();
  const manifest = await buildCli();
  say(`stackdeck: CLI bundle built (${manifest.sources.length} sources) in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  say(`stackdeck: the CLI bundle was not built (${error instanceof Error ? error.message : String(error)}); the CLI runs from its sources`);
}
try {
  await ensureDashboardBuilt({ say, detail: (text) => process.stderr.write(text) });
} catch (error) {
  say(`stackdeck: the dashboard was not built (${error instanceof Error ? error.message : String(error)}); \`npx stackdeck ui\` builds it`);
}
