// bench/startup: how long a user waits for the stackdeck command, side by side with Node doing nothing, in one run.
// Each command runs BENCH_RUNS times (default 30) after 3 warm-ups, interleaved so a shared machine's noise hits all alike,
// timed from spawn to exit in this process (as hyperfine does, without a shell). The launcher runs from its prebuilt bundle
// (dist/cli, built first if missing or stale) and from its .ts sources (STACKDECK_FROM_SOURCES=1). `check` reads the demo stack.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

// GNU time, where there is one, also gives the CPU time (user + sys) a run took: on a machine busy with other work, wall time
// mostly measures waiting for a core, CPU time what the start-up itself costs.
const GNU_TIME = process.platform === 'linux' && existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(stateDir, 'cpu.txt');

function timeOnce(entry: Case): { wall: number; cpu: number | undefined } {
  const [command, args] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...entry.args]] : [process.execPath, entry.args];
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env: entry.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - started;
  if (result.status !== entry.exitCode) throw new Error(`${entry.name} exited ${result.status}: ${result.stderr}`);
  const [user, system] = GNU_TIME ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number) : [];
  return { wall, cpu: user === undefined || system === undefined ? undefined : (user + system) * 1000 };
}

try {
  // The bundle must be what bin.js would run: rebuilt here when a source is newer (bin.js would silently use the sources).
  const manifest = await buildCli();
  const samples = new Map(cases.map((entry) => [entry.name, [] as number[]]));
  const cpuSamples = new Map(cases.map((entry) => [entry.name, [] as number[]]));
  for (let run = 0; run < WARMUPS; run++) for (const entry of cases) timeOnce(entry);
  for (let run = 0; run < RUNS; run++) {
    for (const entry of cases) {
      const { wall, cpu } = timeOnce(entry);
      samples.get(entry.name)?.push(wall);
      if (cpu !== undefined) cpuSamples.get(entry.name)?.push(cpu);
    }
  }

  console.log(`bench/startup: spawn to exit, ${RUNS} runs each after ${WARMUPS} warm-ups (interleaved), Node ${process.versions.node}, ` +
    `bundle of ${manifest.sources.length} sources`);
  console.log(`  ${'command'.padEnd(30)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'min'.padStart(8)} ${'CPU med'.padStart(8)}   vs node -e 0`);
  for (const entry of cases) {
    const values = samples.get(entry.name) ?? [];
    const median = percentile(values, 0.5);
    const goal = GOALS[entry.name];
    const verdict = goal === undefined ? '' : `   goal <= ${goal} ms: ${median <= goal ? 'met' : 'not met'}`;
    const cpu = cpuSamples.get(entry.name) ?? [];
    // Its own cost: the median over the rounds of (its time - node -e 0's in the same round), which a busy host's drifts hit less.
    const nodeTimes = samples.get('node -e 0') ?? [];
    const own = percentile(values.map((value, round) => value - (nodeTimes[round] ?? NaN)), 0.5);
    console.log(`  ${entry.name.padEnd(30)} ${ms(median)} ${ms(percentile(values, 0.95))} ${ms(Math.min(...values))} ${cpu.length > 0 ? ms(percentile(cpu, 0.5)) : '       -'}   +${own.toFixed(0)} ms${verdict}`);
  }
  const [load1] = loadavg();
  console.log(`  (wall: spawn to exit; vs node -e 0: the median of each round's difference; CPU: user + sys of the process, from GNU time${GNU_TIME ? '' : ', not found here'}; load average ${load1?.toFixed(1)} on ${availableParallelism()} cores)`);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`.padStart(8);
}
