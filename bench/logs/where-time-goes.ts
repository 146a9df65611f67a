// bench/logs: where a LogHub's time goes. Runs the bench's consumer (consume.ts: the generator's stdout into a LogHub with
// secrets set, one live subscriber, files under a temp state dir) under the CPU profiler, and prints the main thread's busy
// time by part, start-up and idle left out. Usage: node bench/logs/where-time-goes.ts [hub|raw] (BENCH_LOG_BYTES, default 1 GiB)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONSUMER = join(dirname(fileURLToPath(import.meta.url)), 'consume.ts');
const BYTES = Number(process.env.BENCH_LOG_BYTES ?? 2 ** 30);
const mode = process.argv[2] === 'raw' ? 'raw' : 'hub';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// The parts, tried in order on each sample's stack (leaf first, as `function@file`): the first that matches takes the sample.
const PARTS: [string, (stack: string[]) => boolean][] = [
  ['start-up (module loading)', (stack) => stack.some((frame) => /@(run_main|loader|module_job)$/.test(frame))],
  ['idle (waiting for the pipe)', (stack) => stack[0] === '(idle)@'],
  ['garbage collector', (stack) => stack[0] === '(garbage collector)@'],
  ['subscriber delivery: lines decoded for the subscriber', (stack) => stack.includes('deliver@log-hub.ts')],
  ['secret search and masking, in bytes', (stack) => stack.some((frame) => /@(find-bytes|redact-bytes)\.ts$/.test(frame))],
  ['whole lines read as latin1 (one string per chunk)', (stack) => /^(toString|latin1Slice)@/.test(stack[0] ?? '') && stack.some((frame) => /^(emitWholeLines|append)@(line-splitter|ring-buffer)\.ts$/.test(frame))],
  ['ring: bytes copied in', (stack) => stack.some((frame) => frame.endsWith('@circular-bytes.ts')) && stack.includes('append@ring-buffer.ts')],
  ['ring: lines indexed (one indexOf each), oldest evicted', (stack) => stack.includes('append@ring-buffer.ts')],
  ['log file: queued (copied) or dropped', (stack) => stack.includes('append@rotating-file.ts')],
  ['log file: written', (stack) => stack.some((frame) => frame.endsWith('@rotating-file.ts'))],
  ['splitter: the line a chunk completes (decoded, masked as text, encoded)', (stack) => stack.some((frame) => /^(emit|redact|flush)@line-splitter\.ts$|@string_decoder$|^encodeUtf8@/.test(frame))],
  ['splitter and hub: checks on bytes (CR, UTF-8, long lines), control', (stack) => stack.some((frame) => /@(line-splitter|log-hub)\.ts$/.test(frame))],
  ['pipe read (stream machinery)', (stack) => stack.some((frame) => /@(stream_base_commons|readable)$/.test(frame))],
];

const work = mkdtempSync(join(tmpdir(), 'stackdeck-where-time-goes-'));
try {
  const profiles = join(work, 'profiles');
  const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, CONSUMER, mode, String(BYTES), join(work, 'times.json'), join(work, 'state')], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`consume.ts exited with ${String(run.status)}`);
  const consumer = JSON.parse(run.stdout.toString().trim().split('\n').at(-1) ?? '{}') as { cpuSeconds?: number };
  const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const frameOf = (node: ProfileNode) => `${node.callFrame.functionName}@${node.callFrame.url.split('/').pop() ?? ''}`;
  const totals = new Map<string, number>();
  for (let index = 0; index < profile.samples.length; index++) {
    const stack: string[] = [];
    for (let id: number | undefined = profile.samples[index]; id !== undefined; id = parentOf.get(id)) {
      const node = byId.get(id);
      if (node) stack.push(frameOf(node));
    }
    const part = PARTS.find(([, matches]) => matches(stack))?.[0] ?? 'other (native, timers, the rest)';
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const [startUp, idle] = [PARTS[0]?.[0] ?? '', PARTS[1]?.[0] ?? ''];
  const busy = [...totals].filter(([part]) => part !== startUp && part !== idle);
  const busyMs = busy.reduce((sum, [, micros]) => sum + micros, 0) / 1000;
  console.log(`bench/logs where the time goes (${mode}, ${(BYTES / 2 ** 30).toFixed(2)} GiB, secrets in every chunk): main thread busy ${busyMs.toFixed(0)} ms after start-up ` +
    `(start-up ${((totals.get(startUp) ?? 0) / 1000).toFixed(0)} ms and idle ${((totals.get(idle) ?? 0) / 1000).toFixed(0)} ms left out); process CPU ${consumer.cpuSeconds?.toFixed(2) ?? '-'} s, GC threads included`);
  for (const [part, micros] of busy.sort((a, b) => b[1] - a[1])) {
    console.log(`  ${((100 * micros) / 1000 / busyMs).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${part}`);
  }
  console.log('  (sampled wall time of the main thread: on a busy machine a part that was preempted counts the wait; compare parts, not runs)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
