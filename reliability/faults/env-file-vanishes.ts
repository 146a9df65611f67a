import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { node } from '../../main/engine/testing/test-stack.ts';
import type { StackReport } from '../../shared/config/report.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { startEngineWithWeb, type EngineWithWeb } from '../support/engine-with-web.ts';

export interface EnvFileFigures {
  rounds: number;
  // Each round: the file deleted, then replaced by a directory, then written back. Counted over every round:
  deletionsNoticed: number;
  directoriesReported: number;
  restoresNoticed: number;
  // The service through it all: it keeps running (no restart, same pid), and the API answers (goal: 0 failures).
  serviceRestarts: number;
  pidChanged: boolean;
  apiFailures: number;
  // An example of what the user reads for the directory.
  directoryFinding: string;
}

const STEP_MS = 10_000;
const ENV_FILE = 'api/.env';

// Why: editors, git checkouts and scripts delete and recreate env files under a running stack; each change must show
// in the dashboard as it is (a finding for a directory), and the file coming back must bring its values back.
export async function replaceEnvFileWhileWatched(rounds: number): Promise<EnvFileFigures> {
  const stack = await startEngineWithWeb({
    'stackdeck.json': JSON.stringify({ services: { api: { command: node('http-service.mjs'), envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health' } } } }),
    [ENV_FILE]: 'GREETING=hello\n',
  });
  const figures: EnvFileFigures = { rounds: 0, deletionsNoticed: 0, directoriesReported: 0, restoresNoticed: 0, serviceRestarts: 0, pidChanged: false, apiFailures: 0, directoryFinding: '' };
  const path = join(stack.root, ENV_FILE);
  try {
    await stack.engine.command({ type: 'start' });
    const runner = stack.engine.runners.get('api');
    if (!runner || !(await pollUntil(() => runner.state === 'ready', 15_000))) throw new Error('api did not start');
    const pid = runner.pid;
    for (let round = 1; round <= rounds; round++) {
      rmSync(path);
      if (await until(stack, figures, (report) => greetingOf(report) === undefined)) figures.deletionsNoticed++;
      mkdirSync(path);
      const finding = await until(stack, figures, (report) => report.findings.concat(...report.services.map((service) => service.findings))
        .find((each) => each.rule === 'env-file-parse' && /is a directory/.test(each.message)));
      if (finding) {
        figures.directoriesReported++;
        figures.directoryFinding = finding.message;
      }
      rmSync(path, { recursive: true });
      writeFileSync(path, `GREETING=hello ${round}\n`);
      if (await until(stack, figures, (report) => greetingOf(report) === `hello ${round}`)) figures.restoresNoticed++;
      figures.rounds = round;
    }
    figures.serviceRestarts = runner.restarts;
    figures.pidChanged = runner.pid !== pid;
    return figures;
  } finally {
    await stack.close();
  }
}

const greetingOf = (report: StackReport) => report.services.find((service) => service.name === 'api')?.variables.find((variable) => variable.key === 'GREETING')?.value ?? undefined;

// The configuration as the dashboard asks for it, until the probe holds (bounded); undefined when it never did.
async function until<T>(stack: EngineWithWeb, figures: EnvFileFigures, probe: (report: StackReport) => T | undefined): Promise<T | undefined> {
  const deadline = Date.now() + STEP_MS;
  while (Date.now() < deadline) {
    const answer = await stack.request({ kind: 'query', body: { type: 'config' } }).catch(() => undefined);
    const report = (answer?.body as { result?: StackReport } | undefined)?.result;
    if (!report) figures.apiFailures++;
    const found = report ? probe(report) : undefined;
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}
