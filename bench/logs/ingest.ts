// bench/logs: a child writes BENCH_LOG_BYTES (default 1 GiB) of ~100-byte log lines (half plain with ANSI colour, half pino
// JSON) as fast as it can; the same child is consumed four ways, one after the other, and compared:
//   (a) a raw pipe (node reading the child's stdout and discarding it): the baseline
//   (b) Stackdeck's LogHub ingesting the child's stdout, secrets set, one live subscriber, files under a temp state dir
//   (c) concurrently running the generator, its output to /dev/null
//   (d) PM2 (private PM2_HOME) running the generator, until its log file holds everything or the generator is done
// For each: MB/s, ratio to the raw pipe, peak RSS of the consuming process (for PM2, its daemon). (a) and (b) run BENCH_ROUNDS
// times (default 5), alternately, and report the median; the goal is judged on the median of each round's (b) over the (a)
// run just before it, which a shared machine's slow drifts hit alike. Run: node bench/logs/ingest.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { buildBlock, plannedBytes } from './log-lines.ts';
import { rssMiB, sampleRss, type RssSamples } from './sample-rss.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const GENERATOR = join(HERE, 'generate-lines.ts');
const CONSUMER = join(HERE, 'consume.ts');
const CONCURRENTLY = join(ROOT, 'node_modules', 'concurrently', 'dist', 'bin', 'concurrently.js');
const PM2 = join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');
const TARGET_BYTES = Number(process.env.BENCH_LOG_BYTES ?? 2 ** 30);
const BYTES = plannedBytes(TARGET_BYTES, buildBlock());
// Each way gets this long before it is stopped and reported as timed out.
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 240) * 1000;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const GOAL_RATIO = 0.8;
const GOAL_RSS_MIB = 150;

interface GeneratorTimes {
  startedAt: number;
  endedAt: number;
  bytes: number;
}

interface WayResult {
  name: string;
  bytes: number;
  seconds: number | null;
  rss: RssSamples | null;
  note: string;
}

// The round with the median throughput, its note saying the range over all rounds; peak RSS is the highest of any round.
function median(rounds: WayResult[]): WayResult {
  const measured = rounds.filter((round) => mbPerSecond(round) !== null).sort((a, b) => (mbPerSecond(a) ?? 0) - (mbPerSecond(b) ?? 0));
  const middle = measured[Math.floor((measured.length - 1) / 2)] ?? rounds[0];
  if (!middle) throw new Error('no rounds');
  const rates = measured.map((round) => fixed(mbPerSecond(round)));
  const peak = Math.max(...rounds.map((round) => round.rss?.peakMiB ?? 0));
  const range = rounds.length > 1 ? `median of ${rounds.length} (${rates.join(', ')} MB/s); ` : '';
  return { ...middle, rss: middle.rss && { ...middle.rss, peakMiB: peak }, note: range + middle.note };
}

const mbPerSecond = (result: WayResult) => (result.seconds && result.bytes ? result.bytes / 1e6 / result.seconds : null);
const fixed = (value: number | null, digits = 0) => (value === null ? '-' : value.toFixed(digits));

const work = mkdtempSync(join(tmpdir(), 'stackdeck-bench-logs-'));
const processGroups = new Set<number>();
let pm2Home: string | null = null;

// Children start in their own process group, so a timeout or Ctrl-C stops each whole tree.
function start(command: string, args: string[], stdio: ('ignore' | 'pipe' | 'inherit' | number)[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { stdio, env, detached: true });
  if (child.pid !== undefined) processGroups.add(child.pid);
  child.once('exit', () => child.pid !== undefined && processGroups.delete(child.pid));
  return child;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  processGroups.delete(pid);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
}

async function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  const controller = new AbortController();
  try {
    return await Promise.race([promise, sleep(ms, 'timeout' as const, { signal: controller.signal }).catch(() => 'timeout' as const)]);
  } finally {
    controller.abort();
  }
}

function readTimes(path: string): GeneratorTimes | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GeneratorTimes;
  } catch {
    return null;
  }
}

function secondsOf(times: GeneratorTimes | null): number | null {
  return times ? (times.endedAt - times.startedAt) / 1000 : null;
}

// Context: how fast the generator writes when nothing reads (to /dev/null).
async function generatorAlone(): Promise<WayResult> {
  const timesFile = join(work, 'alone.json');
  const devNull = openSync('/dev/null', 'w');
  try {
    const child = start(process.execPath, [GENERATOR, String(BYTES), timesFile], ['ignore', devNull, 'inherit']);
    if ((await withinTimeout(exited(child), TIMEOUT_MS)) === 'timeout' && child.pid) killGroup(child.pid);
  } finally {
    closeSync(devNull);
  }
  const times = readTimes(timesFile);
  return { name: 'generator -> /dev/null', bytes: times?.bytes ?? 0, seconds: secondsOf(times), rss: null, note: 'context: the writer alone is never the bottleneck' };
}

// (a) and (b): consume.ts reads the generator's stdout in its own process, which is the one sampled.
async function consumer(mode: 'raw' | 'hub'): Promise<WayResult> {
  const timesFile = join(work, `${mode}.json`);
  const stateDir = join(work, 'state');
  const args = [CONSUMER, mode, String(BYTES), timesFile, ...(mode === 'hub' ? [stateDir] : [])];
  const child = start(process.execPath, args, ['ignore', 'pipe', 'inherit']);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const sampler = sampleRss(() => child.pid);
  const code = await withinTimeout(exited(child), TIMEOUT_MS);
  const rss = sampler.stop();
  if (code === 'timeout' && child.pid) killGroup(child.pid);
  const times = readTimes(timesFile);
  const name = mode === 'raw' ? '(a) raw pipe (baseline)' : '(b) Stackdeck LogHub';
  if (code === 'timeout') return { name, bytes: 0, seconds: null, rss, note: `timed out after ${TIMEOUT_MS / 1000} s` };
  const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
    received: number;
    delivered: number;
    skipped: number;
    chunks: number;
    closedAt: number;
    cpuSeconds?: number;
    stats?: { lines: number; fileLinesNotWritten: number; fileErrors: number };
  };
  const cpu = result.cpuSeconds === undefined ? '' : `CPU ${result.cpuSeconds.toFixed(2)} s; `;
  let note = `${cpu}read ${result.received === times?.bytes ? 'every byte' : `${result.received} of ${times?.bytes} bytes`}`;
  if (mode === 'hub' && result.stats) {
    note = `${cpu}${result.stats.lines.toLocaleString('en')} lines; subscriber got ${result.delivered.toLocaleString('en')} in ${result.chunks} chunks, ` +
      `told of ${result.skipped.toLocaleString('en')} skipped; file: ${result.stats.fileLinesNotWritten.toLocaleString('en')} lines not written (marker), ` +
      `${result.stats.fileErrors} errors; close took ${Math.round(result.closedAt - (times?.endedAt ?? result.closedAt))} ms`;
  }
  return { name, bytes: times?.bytes ?? 0, seconds: secondsOf(times), rss, note };
}

// (c) concurrently runs the generator through a shell and prefixes its lines; its own process is sampled.
async function viaConcurrently(): Promise<WayResult> {
  const timesFile = join(work, 'concurrently.json');
  const devNull = openSync('/dev/null', 'w');
  let rss: RssSamples;
  let code: number | null | 'timeout';
  try {
    // concurrently strips quotes around a whole command, so it starts with `exec` (which also spares a shell process).
    const command = `exec "${process.execPath}" "${GENERATOR}" ${BYTES} "${timesFile}" </dev/null`;
    const child = start(process.execPath, [CONCURRENTLY, '--names', 'gen', command], ['ignore', devNull, devNull]);
    const sampler = sampleRss(() => child.pid);
    code = await withinTimeout(exited(child), TIMEOUT_MS);
    rss = sampler.stop();
    if (code === 'timeout' && child.pid) killGroup(child.pid);
  } finally {
    closeSync(devNull);
  }
  const times = readTimes(timesFile);
  const note = code === 'timeout' ? `timed out after ${TIMEOUT_MS / 1000} s` : 'default prefixed output ("[gen] "), to /dev/null';
  return { name: '(c) concurrently', bytes: times?.bytes ?? 0, seconds: code === 'timeout' ? null : secondsOf(times), rss, note };
}

function pm2(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<number | null | 'timeout'> {
  const child = start(process.execPath, [PM2, ...args], ['ignore', 'ignore', 'ignore'], env);
  return withinTimeout(exited(child), timeoutMs).then((code) => {
    if (code === 'timeout' && child.pid) killGroup(child.pid);
    return code;
  });
}

// (d) PM2's daemon reads the generator's output and writes it to a log file; the daemon is sampled.
async function viaPm2(): Promise<WayResult> {
  const home = join(work, 'pm2');
  pm2Home = home;
  mkdirSync(home, { recursive: true });
  // An existing `touch` file means "not a first run": PM2 then neither prints its banner nor checks for a new version online.
  writeFileSync(join(home, 'touch'), String(Date.now()));
  const env = { ...process.env, PM2_HOME: home };
  const outLog = join(work, 'pm2-out.log');
  const timesFile = join(work, 'pm2.json');
  try {
    if ((await pm2(['ping'], env)) !== 0) return { name: '(d) PM2', bytes: 0, seconds: null, rss: null, note: 'the PM2 daemon did not start' };
    const daemonPid = Number(readFileSync(join(home, 'pm2.pid'), 'utf8'));
    const sampler = sampleRss(() => daemonPid);
    const started = await pm2(['start', GENERATOR, '--name', 'bench-gen', '--no-autorestart', '--interpreter', process.execPath,
      '--output', outLog, '--error', join(work, 'pm2-err.log'), '--', String(BYTES), timesFile], env);
    if (started !== 0) {
      sampler.stop();
      return { name: '(d) PM2', bytes: 0, seconds: null, rss: null, note: `pm2 start failed (${String(started)})` };
    }
    // Done when the log file holds every byte; or the generator has finished and the file stopped growing for 3 s; or timeout.
    const deadline = performance.now() + TIMEOUT_MS;
    let size = 0;
    let grewAt = performance.now();
    let completeAt: number | null = null;
    while (performance.now() < deadline) {
      const now = existsSync(outLog) ? statSync(outLog).size : 0;
      if (now !== size) grewAt = performance.now();
      size = now;
      if (size >= BYTES) {
        completeAt = performance.timeOrigin + performance.now();
        break;
      }
      if (readTimes(timesFile) && performance.now() - grewAt > 3_000) break;
      await sleep(100);
    }
    const rss = sampler.stop();
    const times = readTimes(timesFile);
    const endedAt = completeAt ?? performance.timeOrigin + grewAt;
    const seconds = times ? (endedAt - times.startedAt) / 1000 : null;
    const note = completeAt ? 'until its log file held every byte' : `log file stopped at ${size} of ${BYTES} bytes${times ? '' : ' (generator not finished: timed out)'}`;
    return { name: '(d) PM2 (daemon)', bytes: size, seconds, rss, note };
  } finally {
    await stopPm2(env);
  }
}

async function stopPm2(env: NodeJS.ProcessEnv): Promise<void> {
  if (!pm2Home) return;
  const pidFile = join(pm2Home, 'pm2.pid');
  const daemonPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : null;
  await pm2(['kill'], env, 30_000);
  if (daemonPid && rssMiB(daemonPid) !== null) {
    try {
      process.kill(daemonPid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  pm2Home = null;
}

function cleanUp(): void {
  for (const pid of [...processGroups]) killGroup(pid);
  rmSync(work, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopPm2({ ...process.env, PM2_HOME: pm2Home ?? '' }).finally(() => {
      cleanUp();
      process.exit(130);
    });
  });
}


try {
  console.log(`bench/logs: ${(BYTES / 2 ** 30).toFixed(2)} GiB of log lines (~100 bytes, half pino JSON), Node ${process.versions.node}, ${cpus().length} CPUs, ${ROUNDS} rounds of (a)/(b), timeout ${TIMEOUT_MS / 1000} s each`);
  const clear = () => {
    rmSync(join(work, 'state'), { recursive: true, force: true });
    rmSync(join(work, 'pm2-out.log'), { force: true });
  };
  const alone = await generatorAlone();
  const raw: WayResult[] = [];
  const hub: WayResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await consumer('raw'));
    clear();
    hub.push(await consumer('hub'));
    clear();
  }
  const concurrently = await viaConcurrently();
  const pm2Result = await viaPm2();
  clear();
  const results = [alone, median(raw), median(hub), concurrently, pm2Result];
  const baseline = mbPerSecond(results[1] as WayResult);
  console.log(`  ${'way'.padEnd(34)} ${'MB/s'.padStart(7)} ${'vs raw'.padStart(7)} ${'peak RSS'.padStart(9)} ${'end RSS'.padStart(8)}  notes`);
  for (const result of results) {
    const rate = mbPerSecond(result);
    const ratio = rate !== null && baseline && result !== results[0] ? `${fixed(rate / baseline, 2)}x` : '-';
    console.log(`  ${result.name.padEnd(34)} ${fixed(rate).padStart(7)} ${ratio.padStart(7)} ${`${fixed(result.rss?.peakMiB ?? null)} MiB`.padStart(9)} ${`${fixed(result.rss?.lastMiB ?? null)} MiB`.padStart(8)}  ${result.note}`);
  }
  const hubResult = results[2] as WayResult;
  // Each round's (b) over the (a) just before it.
  const pairedRatios = hub.flatMap((round, index) => {
    const hubRate = mbPerSecond(round);
    const rawRate = raw[index] ? mbPerSecond(raw[index]) : null;
    return hubRate !== null && rawRate ? [hubRate / rawRate] : [];
  }).sort((a, b) => a - b);
  const ratio = pairedRatios.length > 0 ? (pairedRatios[Math.floor((pairedRatios.length - 1) / 2)] as number) : null;
  const peak = hubResult.rss?.peakMiB ?? null;
  const rounds = pairedRatios.length > 1 ? ` (median of the rounds' own ratios: ${pairedRatios.map((value) => value.toFixed(2)).join(', ')})` : '';
  console.log(`  goal: LogHub ingest >= ${GOAL_RATIO}x raw pipe: ${ratio === null ? 'not measured' : `${ratio.toFixed(2)}x${rounds}, ${ratio >= GOAL_RATIO ? 'met' : 'MISSED'}`}`);
  console.log(`  goal: launcher RSS flat under ${GOAL_RSS_MIB} MiB: ${peak === null ? 'not measured' : `peak ${peak.toFixed(0)} MiB, ${peak < GOAL_RSS_MIB ? 'met' : 'MISSED'}`}`);
  console.log('  (b) per chunk: its whole lines stay bytes (checked: no CR, valid UTF-8, no line over the limit), read once as latin1, where secrets are searched from each one\'s rarest byte ' +
    '(found ones masked in the bytes) and each line is indexed for the ring (one string indexOf), then copied into the ring; only the line the chunk completes is decoded to text. ' +
    'Where its time goes, by part: node bench/logs/where-time-goes.ts');
  console.log('  (MB = 10^6 bytes; RSS sampled every 100 ms from /proc/<pid>/status; throughput from the generator\'s first write to its last, for PM2 to its log file being complete)');
} finally {
  await stopPm2({ ...process.env, PM2_HOME: pm2Home ?? '' });
  cleanUp();
}
