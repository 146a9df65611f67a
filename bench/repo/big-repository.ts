// bench/repo: a repository we did not write, at size: services of thousands of source files without a schema (the code scans
// read all of them: env loaders, the keys the code reads). Prints `stackdeck check` and how soon `stackdeck up` starts the
// first service, beside the floor of reading every file once in a bare Node process and beside a one-file stack.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'main/cli/bin.js');
const NODE = process.execPath;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 3);
const FILES_PER_SERVICE = Number(process.env.BENCH_FILES ?? 2_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// One service's code: folders of TypeScript and Python files of ordinary code; one file in 20 reads a variable with a default.
function writeService(root: string, name: string, files: number): number {
  let bytes = 0;
  const body = Array.from({ length: 40 }, (_, index) => `export function f${index}(a: number, b: string): string {\n  const x = a * ${index} + b.length;\n  return \`\${b}-\${x}\`;\n}\n`).join('');
  for (let index = 0; index < files; index++) {
    const folder = join(root, name, 'src', `m${index % 40}`);
    mkdirSync(folder, { recursive: true });
    const python = index % 4 === 0;
    const read = index % 20 === 0 ? (python ? 'import os\nurl = os.getenv("API_URL", "http://localhost")\n' : 'const url = process.env.API_URL ?? "http://localhost";\n') : '';
    const text = python ? `${read}${'def f(a, b):\n    return a + b\n\n'.repeat(60)}` : `import { x } from './y';\n${read}${body}`;
    writeFileSync(join(folder, `file${index}.${python ? 'py' : 'ts'}`), text);
    bytes += text.length;
  }
  writeFileSync(join(root, name, 'main.ts'), 'console.log(process.env.PORT);\nsetInterval(() => {}, 1000);\n');
  writeFileSync(join(root, name, '.env'), 'API_URL=http://127.0.0.1:1\n');
  return bytes;
}

function writeStack(root: string, services: number, files: number): number {
  let bytes = 0;
  const names = Array.from({ length: services }, (_, index) => `svc${index}`);
  for (const name of names) bytes += writeService(root, name, files);
  const spec = Object.fromEntries(names.map((name) => [name, { command: ['node', `${name}/main.ts`], envDir: name, port: { variable: 'PORT' } }]));
  writeFileSync(join(root, 'stackdeck.json'), JSON.stringify({ services: spec }));
  return bytes;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

function timed(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(NODE, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited with ${result.status}`);
  return performance.now() - started;
}

// From spawn to the `service_started` event of `up --json`: the stack file read, the stack inspected, the first spawn.
async function firstStart(root: string): Promise<number> {
  const started = performance.now();
  const child = spawn(NODE, [BIN, 'up', '--json', '--root', root], { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
  let text = '';
  const elapsed = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stackdeck up started nothing in 30 s')), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('"event":"service_started"')) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    });
  });
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

// The floor: every source file read once, in a bare Node process (no parsing, no scan rules).
const READ_ALL = `const fs = require('node:fs'); const path = require('node:path');
const walk = (dir) => { for (const entry of fs.readdirSync(dir, { withFileTypes: true })) { const p = path.join(dir, entry.name);
  if (entry.isDirectory()) walk(p); else if (/\\.(ts|py)$/.test(entry.name)) fs.readFileSync(p, 'utf8'); } };
walk(process.argv[1]);`;

const work = mkdtempSync(join(tmpdir(), 'stackdeck-bench-repo-'));
try {
  const big = join(work, 'big');
  const small = join(work, 'small');
  const bytes = writeStack(big, SERVICES, FILES_PER_SERVICE);
  writeStack(small, 1, 1);
  // Warm-ups: the page cache holds the files, the bundle's code caches are written.
  for (const root of [small, big]) timed([BIN, 'check', '--root', root]);
  await firstStart(small);
  await firstStart(big);
  const rows: Record<string, number[]> = { readAll: [], checkSmall: [], checkBig: [], upSmall: [], upBig: [] };
  for (let run = 0; run < RUNS; run++) {
    rows.readAll?.push(timed(['-e', READ_ALL, big]));
    rows.checkSmall?.push(timed([BIN, 'check', '--root', small]));
    rows.checkBig?.push(timed([BIN, 'check', '--root', big]));
    rows.upSmall?.push(await firstStart(small));
    rows.upBig?.push(await firstStart(big));
  }
  const ms = (key: string) => `${Math.round(median(rows[key] ?? [])).toLocaleString('en')} ms`.padStart(9);
  console.log(`bench/repo: ${SERVICES} services x ${FILES_PER_SERVICE.toLocaleString('en')} source files without a schema (${(bytes / 1e6).toFixed(1)} MB), ${RUNS} rounds, Node ${process.versions.node}`);
  console.log(`  node: read every file once (the floor)       ${ms('readAll')}`);
  console.log(`  stackdeck check, one-file stack               ${ms('checkSmall')}`);
  console.log(`  stackdeck check, this repository              ${ms('checkBig')}`);
  console.log(`  stackdeck up to its first spawn, one file     ${ms('upSmall')}`);
  console.log(`  stackdeck up to its first spawn, this repo    ${ms('upBig')}`);
  console.log('  (medians; each command a fresh process, spawn to exit or to the `service_started` event; the files in the page cache)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
