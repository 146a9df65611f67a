// bench/startup: how long a user waits for the stackdeck command, side by side with Node doing nothing, in one run.
// Each command runs BENCH_RUNS times (default 30) after 3 warm-ups, interleaved so a shared machine's noise hits all alike,
// timed from spawn to exit by a small process, as a shell starts it (spawn-timer.py). The launcher runs from its prebuilt
// bundle (dist/cli, built first if missing or stale) and from its .ts sources (STACKDECK_FROM_SOURCES=1). `check` reads the
// demo stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../tools/build-cli.ts';
import { percentile } from './percentile.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'main/cli/bin.js');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 30));
const WARMUPS = 3;
const GOALS: Record<string, number> = { 'stackdeck --help (bundle)': 100, 'stackdeck check (bundle)': 150 };

const stateDir = mkdtempSync(join(tmpdir(), 'stackdeck-bench-startup-'));
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', STACKDECK_STATE_DIR: stateDir };
const sources = { ...env, STACKDECK_FROM_SOURCES: '1' };

interface Case {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  exitCode: number;
}
const cases: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'], env, exitCode: 0 },
  { name: 'stackdeck --help (bundle)', args: [BIN, '--help'], env, exitCode: 0 },
  { name: 'stackdeck --help (sources)', args: [BIN, '--help'], env: sources, exitCode: 0 },
  { name: 'stackdeck check (bundle)', args: [BIN, 'check'], env, exitCode: 0 },
  { name: 'stackdeck check (sources)', args: [BIN, 'check'], env: sources, exitCode: 0 },
];

// The timer (spawn-timer.py) starts each command as a shell would and reports wall, CPU and page faults per run; without
// python3 this process times the runs itself, wall time only, each start then paying for this process's size.
const TIMER = fileURLToPath(new URL('./spawn-timer.py', import.meta.url));
const hasPython = spawnSync('python3', ['--version']).status === 0;

interface Timings {
  samples: Record<string, [wall: number, cpu: number, faults: number][]>;
  pageTouchMicros: number | null;
}

function timeAll(): Timings {
  const plan = { runs: RUNS, warmups: WARMUPS, cwd: ROOT, cases: cases.map((entry) => ({ name: entry.name, argv: [process.execPath, ...entry.args], env: entry.env, exitCode: entry.exitCode })) };
  if (hasPython) {
    const result = spawnSync('python3', [TIMER], { input: JSON.stringify(plan), encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
    if (result.status !== 0) throw new Error(`spawn-timer.py failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as Timings;
  }
  const samples: Timings['samples'] = Object.fromEntries(cases.map((entry) => [entry.name, []]));
  for (let run = 0; run < WARMUPS + RUNS; run++) {
    for (const entry of cases) {
      const started = performance.now();
      const result = spawnSync(process.execPath, entry.args, { cwd: ROOT, env: entry.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const wall = performance.now() - started;
      if (result.status !== entry.exitCode) throw new Error(`${entry.name} exited ${result.status}: ${result.stderr}`);
      if (run >= WARMUPS) samples[entry.name]?.push([wall, NaN, NaN]);
    }
  }
  return { samples, pageTouchMicros: null };
}

try {
  // The bundle must be what bin.js would run: rebuilt here when a source is newer (bin.js would silently use the sources).
  const manifest = await buildCli();
  const { samples, pageTouchMicros } = timeAll();
  const column = (name: string, index: 0 | 1 | 2) => (samples[name] ?? []).map((sample) => sample[index]).filter((value) => !Number.isNaN(value));
  const nodeTimes = column('node -e 0', 0);

  console.log(`bench/startup: spawn to exit, ${RUNS} runs each after ${WARMUPS} warm-ups (interleaved), Node ${process.versions.node}, ` +
    `bundle of ${manifest.sources.length} sources`);
  console.log(`  ${'command'.padEnd(30)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'min'.padStart(8)} ${'CPU med'.padStart(8)} ${'faults'.padStart(7)}   vs node -e 0`);
  for (const entry of cases) {
    const values = column(entry.name, 0);
    const median = percentile(values, 0.5);
    const goal = GOALS[entry.name];
    const verdict = goal === undefined ? '' : `   goal <= ${goal} ms: ${median <= goal ? 'met' : 'not met'}`;
    const cpu = column(entry.name, 1);
    const faults = column(entry.name, 2);
    // Its own cost: the median over the rounds of (its time - node -e 0's in the same round), which a busy host's drifts hit less.
    const own = percentile(values.map((value, round) => value - (nodeTimes[round] ?? NaN)), 0.5);
    console.log(`  ${entry.name.padEnd(30)} ${ms(median)} ${ms(percentile(values, 0.95))} ${ms(Math.min(...values))} ${cpu.length > 0 ? ms(percentile(cpu, 0.5)) : '       -'} ${(faults.length > 0 ? percentile(faults, 0.5).toFixed(0) : '-').padStart(7)}   +${own.toFixed(0)} ms${verdict}`);
  }
  const [load1] = loadavg();
  console.log(`  (wall: spawn to exit, ${hasPython ? 'spawned by a small process as a shell would (spawn-timer.py)' : 'spawned by this process (no python3 here)'}; ` +
    `vs node -e 0: the median of each round's difference; CPU: user + sys; faults: minor page faults; load average ${load1?.toFixed(1)} on ${availableParallelism()} cores)`);
  if (pageTouchMicros !== null) {
    const nodeFaults = percentile(column('node -e 0', 2), 0.5);
    console.log(`  (a page's first touch costs ${pageTouchMicros.toFixed(1)} us here: node -e 0's ${nodeFaults.toFixed(0)} faults are ~${(nodeFaults * pageTouchMicros / 1000).toFixed(0)} ms of its ${percentile(nodeTimes, 0.5).toFixed(0)} ms)`);
  }
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`.padStart(8);
}
