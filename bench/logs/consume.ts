// bench/logs: consumes the generator's stdout in this process, as a raw pipe or through Stackdeck's LogHub, and prints one JSON
// line with what it saw. Its RSS is what the bench samples. Usage: node consume.ts <raw|hub> <bytes> <times.json> [stateDir]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LogHub } from '../../main/engine/logs/log-hub.ts';
import { BENCH_SECRET } from './log-lines.ts';

const GENERATOR = fileURLToPath(new URL('./generate-lines.ts', import.meta.url));
const [mode, bytes, timesFile, stateDir] = process.argv.slice(2);
if ((mode !== 'raw' && mode !== 'hub') || !bytes || !timesFile) {
  process.stderr.write('usage: node consume.ts <raw|hub> <bytes> <times.json> [stateDir]\n');
  process.exit(2);
}

const hub = mode === 'hub' ? new LogHub(stateDir ? { stateDir } : {}) : null;
let delivered = 0;
let skipped = 0;
let chunks = 0;
if (hub) {
  // As the launcher would: the service's secrets known, one live subscriber (the UI) taking everything it is given.
  hub.setSecrets('bench', [BENCH_SECRET, 'postgres-password-not-printed', 'jwt-signing-key-not-printed-either']);
  hub.subscribe((chunk) => {
    delivered += chunk.lines.length;
    skipped += chunk.skipped;
    chunks++;
  });
}

const child = spawn(process.execPath, [GENERATOR, bytes, timesFile], { stdio: ['ignore', 'pipe', 'inherit'] });
let received = 0;
child.stdout.on('data', (chunk: Buffer) => {
  received += chunk.length;
  hub?.ingest('bench', 'stdout', chunk);
});
await new Promise((resolve) => child.on('close', resolve));
const consumedAt = performance.timeOrigin + performance.now();
hub?.endOfStream('bench', 'stdout');
await hub?.close();
const closedAt = performance.timeOrigin + performance.now();
const stats = hub?.stats('bench');
// CPU seconds this process spent, start-up included: on a shared machine the throughput is noisy, the CPU spent much less.
const { user, system } = process.cpuUsage();
const cpuSeconds = (user + system) / 1e6;
process.stdout.write(`${JSON.stringify({ received, consumedAt, closedAt, delivered, skipped, chunks, stats, cpuSeconds })}\n`);
