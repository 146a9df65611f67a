// bench/launch: time from "start" to both services healthy: directly by hand, Stackdeck (engine and CLI), concurrently, PM2.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { freshBundle } from '../../main/cli/fresh-bundle.js';
import { startEngine } from '../../main/engine/start-engine.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// What `stackdeck up` runs here: the prebuilt bundle while it is fresh, else the TypeScript sources (much slower to start).
const CLI_FROM = freshBundle(new URL('../../', import.meta.url), 'up') ? 'the prebuilt bundle' : 'the sources (the bundle is missing or stale: npm run build:cli)';
// Rounds: each runs every contender once, in turn; a shared machine's slow drifts hit a round's contenders alike.
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const NODE = join(ROOT, 'node_modules/.bin/node');
const AUTH = join(ROOT, 'services/auth/main.ts');
const BACKEND = join(ROOT, 'services/backend/main.ts');
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn' };

async function healthy(url: string, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
      if (response.ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} was not healthy in time`);
}

async function ports() {
  const auth = await getPort({ host: '127.0.0.1' });
  const backend = await getPort({ host: '127.0.0.1', exclude: [auth] });
  return { auth, backend, authUrl: `http://127.0.0.1:${auth}`, backendUrl: `http://127.0.0.1:${backend}` };
}

async function killAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  })));
}

// By hand: auth, wait until it answers, then backend (as a developer with two terminals would).
async function direct(): Promise<number> {
  const p = await ports();
  const started = performance.now();
  const auth = spawn(NODE, [AUTH], { env: { ...BASE_ENV, PORT: String(p.auth) }, stdio: 'ignore' });
  await healthy(p.authUrl, started + 30_000);
  const backend = spawn(NODE, [BACKEND], { env: { ...BASE_ENV, PORT: String(p.backend), AUTH_SERVICE_URL: p.authUrl }, stdio: 'ignore' });
  await healthy(p.backendUrl, started + 30_000);
  const elapsed = performance.now() - started;
  await killAll([auth, backend]);
  return elapsed;
}

// Stackdeck's engine in this process: stack file read, config resolved, ports, keepers, readiness, dependency order.
async function stackdeckEngine(): Promise<number> {
  const started = performance.now();
  const engine = await startEngine({ root: ROOT, profile: 'development', parentEnv: BASE_ENV, agentMonitor: false });
  await engine.command({ type: 'start' });
  const elapsed = performance.now() - started;
  await engine.close();
  return elapsed;
}

// The CLI as a user runs it: `stackdeck up --json` until its `ready` event (Node start-up and module loading included).
async function stackdeckCli(): Promise<number> {
  const started = performance.now();
  const child = spawn(NODE, [join(ROOT, 'main/cli/bin.js'), 'up', '--json', '--root', ROOT], { env: BASE_ENV, stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('stackdeck up was not ready in time')), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('"event":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const elapsed = performance.now() - started;
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

// concurrently starts both at once (it has no dependency order); the backend's /health answers without auth.
async function viaConcurrently(): Promise<number> {
  const p = await ports();
  const started = performance.now();
  const child = spawn(join(ROOT, 'node_modules/.bin/concurrently'), ['--raw', '--kill-others', `PORT=${p.auth} ${NODE} ${AUTH}`, `PORT=${p.backend} AUTH_SERVICE_URL=${p.authUrl} ${NODE} ${BACKEND}`], { env: BASE_ENV, stdio: 'ignore', detached: true });
  await Promise.all([healthy(p.authUrl, started + 30_000), healthy(p.backendUrl, started + 30_000)]);
  const elapsed = performance.now() - started;
  try {
    process.kill(-(child.pid as number), 'SIGTERM');
  } catch {
    // already gone
  }
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

// PM2 with a private home: the daemon's start-up is part of what a user waits for.
async function viaPm2(): Promise<number> {
  const p = await ports();
  const home = mkdtempSync(join(tmpdir(), 'stackdeck-pm2-'));
  const ecosystem = join(home, 'ecosystem.config.cjs');
  writeFileSync(ecosystem, `module.exports = { apps: [
    { name: 'auth', script: ${JSON.stringify(AUTH)}, interpreter: ${JSON.stringify(NODE)}, env: { PORT: '${p.auth}', LOG_LEVEL: 'warn' }, autorestart: false },
    { name: 'backend', script: ${JSON.stringify(BACKEND)}, interpreter: ${JSON.stringify(NODE)}, env: { PORT: '${p.backend}', AUTH_SERVICE_URL: '${p.authUrl}', LOG_LEVEL: 'warn' }, autorestart: false },
  ] };\n`);
  const env = { ...BASE_ENV, PM2_HOME: home };
  const pm2 = join(ROOT, 'node_modules/.bin/pm2');
  const started = performance.now();
  spawnSync(pm2, ['start', ecosystem], { env, stdio: 'ignore', timeout: 60_000 });
  await Promise.all([healthy(p.authUrl, started + 30_000), healthy(p.backendUrl, started + 30_000)]);
  const elapsed = performance.now() - started;
  spawnSync(pm2, ['kill'], { env, stdio: 'ignore', timeout: 30_000 });
  rmSync(home, { recursive: true, force: true });
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const contenders: [string, () => Promise<number>][] = [
  ['directly, by hand (auth, then backend)', direct],
  ['stackdeck engine (in process)', stackdeckEngine],
  ['stackdeck up --json (CLI process)', stackdeckCli],
  ['concurrently (both at once, no order)', viaConcurrently],
  ['pm2 start (daemon included)', viaPm2],
];
const results = new Map<string, number[]>();
await direct();
for (let run = 0; run < RUNS; run++) {
  for (const [name, measure] of contenders) results.set(name, [...(results.get(name) ?? []), await measure()]);
}
const byHand = results.get(contenders[0]?.[0] ?? '') ?? [];
// Each round's time over the by-hand time of the same round: the goal is judged on the median of these.
const roundRatios = (values: number[]) => values.map((value, round) => value / (byHand[round] ?? NaN));
console.log(`bench/launch: time to both services healthy, ${RUNS} rounds (each contender once a round, in turn), Node ${process.versions.node}`);
console.log(`  ${''.padEnd(42)} ${'median'.padStart(9)}   ${'ratio'.padStart(5)}   ${'rounds'}`);
for (const [name] of contenders) {
  const values = results.get(name) ?? [];
  console.log(`  ${name.padEnd(42)} ${median(values).toFixed(0).padStart(6)} ms   ${median(roundRatios(values)).toFixed(2)}x   [${values.map((value) => value.toFixed(0)).join(', ')}]`);
}
console.log('  ratio: the median over the rounds of (this round\'s time / by hand\'s time in the same round)');
const ratioOf = (name: string) => median(roundRatios(results.get(name) ?? []));
const cli = ratioOf('stackdeck up --json (CLI process)');
const pm2 = ratioOf('pm2 start (daemon included)');
console.log(`  goal: stackdeck up <= 1.10x by hand: ${cli.toFixed(2)}x, ${cli <= 1.1 ? 'met' : 'not met'}; and faster than PM2 (${pm2.toFixed(2)}x): ${cli < pm2 ? 'met' : 'not met'}`);
console.log(`  stackdeck up ran from ${CLI_FROM}.`);
console.log('  healthy: GET /health answers 2xx for both, polled by this bench every 10 ms, or by stackdeck itself (its `ready`');
console.log('  event, printed once its own probe of the same path succeeded, read from its stdout); ports are chosen before the');
console.log("  clock starts except by stackdeck, which allocates its own. Started by stackdeck, a service reads no env file itself");
console.log('  (STACKDECK_LAUNCHED: the launcher resolved its values), which by hand it does.');
