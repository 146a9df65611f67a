// bench/logs: a service writes BENCH_LOG_BYTES (default 1 GiB) to stdout as fast as it can, started as the launcher starts every
// service (spawnServiceProcess: under its keeper); this process reads it as the launcher does, and prints the wall time, the
// keeper's CPU seconds (from /proc/<pid>/stat; its boot included) and the reader's. The keeper copies each chunk to the launcher
// (it owns the pipes, so a service whose launcher died still writes its last lines): this prints what that copy costs. Run: node bench/logs/through-keeper.ts
import { readFileSync } from 'node:fs';
import { spawnServiceProcess } from '../../main/engine/process/spawn-service-process.ts';

const MIB = Math.max(1, Math.round(Number(process.env.BENCH_LOG_BYTES ?? 2 ** 30) / 2 ** 20));
// Clock ticks per second in /proc/<pid>/stat: 100 on Linux.
const TICKS_PER_SECOND = 100;
const service = `const block = Buffer.alloc(1024 * 1024, 'x\\n'); let sent = 0;
const pump = () => { while (sent < ${MIB}) { sent++; if (!process.stdout.write(block)) return process.stdout.once('drain', pump); } };
pump();`;

// CPU seconds (user + system) of a live process, or null once it is gone.
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const startedAt = performance.now();
const spawned = spawnServiceProcess({ nodeBinary: process.execPath, command: process.execPath, args: ['-e', service], cwd: process.cwd(), env: { PATH: process.env.PATH ?? '' }, graceMs: 1000 });
let bytes = 0;
let keeperCpu = 0;
// The keeper's figure just before it exits: sampled while it lives.
const sampler = setInterval(() => (keeperCpu = cpuSeconds(spawned.pgid) ?? keeperCpu), 50);
spawned.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
await new Promise((resolve) => spawned.stdout.once('end', resolve));
const seconds = (performance.now() - startedAt) / 1000;
clearInterval(sampler);
const own = process.cpuUsage();
await spawned.exited;
console.log(`bench/logs through the keeper: ${(bytes / 2 ** 30).toFixed(2)} GiB in ${seconds.toFixed(2)} s (${(bytes / 1e6 / seconds).toFixed(0)} MB/s); ` +
  `keeper CPU ${keeperCpu.toFixed(2)} s, reader CPU ${((own.user + own.system) / 1e6).toFixed(2)} s`);
