// bench/config: resolve + validate for 10 services x 500 variables (goal < 50 ms), beside dotenv parsing the same files.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEnvText } from '../../shared/config/env-file/parse-env-text.ts';
import { readEnvFile } from '../../shared/config/node/read-env-file.ts';
import { resolveService, type EnvFileLayer } from '../../shared/config/resolve.ts';
import { validateStack } from '../../shared/config/validate.ts';
import { defineServiceSchema, variable, DEPLOYED, type VariableSpec } from '../../shared/config/variable.ts';
import { integer, port, seconds, text, url } from '../../shared/config/value-types.ts';

const dotenv = createRequire(import.meta.url)('dotenv') as { parse: (src: string) => Record<string, string> };
const SERVICES = 10;
const VARIABLES = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

// A schema mixing every value type, with secrets, required keys and defaults, like a real large service.
function syntheticSchema(index: number) {
  const kinds = [() => text(), () => port(), () => seconds(), () => url(['http', 'https']), () => integer(0, 1000)];
  const samples = ['value', '8080', '2.5', 'https://api.example.com/v1', '42'];
  const variables: Record<string, VariableSpec> = {};
  for (let v = 0; v < VARIABLES; v++) {
    const kind = kinds[v % kinds.length] ?? text;
    variables[`S${index}_VAR_${v}`] = variable(kind(), {
      description: `synthetic variable ${v}`,
      breaksWithout: 'nothing, it is a benchmark',
      secret: v % 10 === 0,
      requiredIn: v % 7 === 0 ? DEPLOYED : [],
      default: v % 3 === 0 ? samples[v % samples.length] : undefined,
    });
  }
  return { schema: defineServiceSchema(`svc${index}`, variables), samples };
}

// Files: a service .env setting most keys, a .env.local overriding some, and a shared stack root .env.
function syntheticTexts(index: number, samples: string[]): { service: string; local: string } {
  let service = '';
  let local = '';
  for (let v = 0; v < VARIABLES; v++) {
    if (v % 4 !== 3) service += `S${index}_VAR_${v}=${v % 10 === 0 ? `"a-secret-that-is-long-enough-to-pass-${v}xxxxx"` : samples[v % samples.length]}\n`;
    if (v % 9 === 0) local += `export S${index}_VAR_${v}='${samples[v % samples.length]}' # local\n`;
  }
  return { service, local };
}

// The stack root sets 240 keys that services declare (shared settings) and 10 typos that no service declares.
const stackText = [
  ...Array.from({ length: 240 }, (_, v) => `S${v % SERVICES}_VAR_${v * 2 + 1}=https://shared.example.com/${v}\n`),
  ...Array.from({ length: 10 }, (_, v) => `S${v}_VAR_${v}X=typo\n`),
].join('');
const services = Array.from({ length: SERVICES }, (_, index) => {
  const { schema, samples } = syntheticSchema(index);
  return { schema, ...syntheticTexts(index, samples) };
});

function oneRun(): { parse: number; resolve: number; validate: number } {
  const t0 = performance.now();
  const stackLayer: EnvFileLayer = { path: '.env', scope: 'stack', entries: parseEnvText(stackText, '.env').entries };
  const parsed = services.map(({ schema, service, local }) => ({
    schema,
    files: [
      { path: `${schema.service}/.env.local`, scope: 'service' as const, ...parseEnvText(local, `${schema.service}/.env.local`) },
      { path: `${schema.service}/.env`, scope: 'service' as const, ...parseEnvText(service, `${schema.service}/.env`) },
    ],
  }));
  const t1 = performance.now();
  const resolved = parsed.map(({ schema, files }) => resolveService({
    service: schema.service, schema, profile: 'development', files: [...files, stackLayer], os: process.env,
    generatedFallback: () => undefined,
  }));
  const t2 = performance.now();
  validateStack({
    profile: 'development', services: resolved, displayPath: (path) => path,
    files: [...parsed.flatMap(({ schema, files }) => files.map((file) => ({ ...file, exists: true, service: schema.service }))), { ...stackLayer, exists: true, problems: [] }],
  });
  const t3 = performance.now();
  return { parse: t1 - t0, resolve: t2 - t1, validate: t3 - t2 };
}

function dotenvRun(): number {
  const t0 = performance.now();
  dotenv.parse(stackText);
  for (const { service, local } of services) {
    dotenv.parse(service);
    dotenv.parse(local);
  }
  return performance.now() - t0;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))] ?? 0;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

for (let i = 0; i < 5; i++) { oneRun(); dotenvRun(); }
const runs = Array.from({ length: RUNS }, oneRun);
const dotenvTimes = Array.from({ length: RUNS }, dotenvRun);
const totals = runs.map((run) => run.parse + run.resolve + run.validate);

// The same work from disk, as `stackdeck check` does it: files read with the guards of readEnvFile.
const dir = mkdtempSync(join(tmpdir(), 'stackdeck-bench-'));
writeFileSync(join(dir, '.env'), stackText);
for (const { schema, service, local } of services) {
  mkdirSync(join(dir, schema.service));
  writeFileSync(join(dir, schema.service, '.env'), service);
  writeFileSync(join(dir, schema.service, '.env.local'), local);
}
const diskTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  await Promise.all([readEnvFile(join(dir, '.env')), ...services.flatMap(({ schema }) => [readEnvFile(join(dir, schema.service, '.env')), readEnvFile(join(dir, schema.service, '.env.local'))])]);
  diskTimes.push(performance.now() - t0);
}
rmSync(dir, { recursive: true, force: true });

console.log(`bench/config: ${SERVICES} services x ${VARIABLES} variables, ${RUNS} runs, Node ${process.versions.node}`);
console.log(`  stackdeck parse+resolve+validate   p50 ${fmt(percentile(totals, 0.5))}   p95 ${fmt(percentile(totals, 0.95))}   (goal < 50 ms)`);
console.log(`    of which parse                   p50 ${fmt(percentile(runs.map((r) => r.parse), 0.5))}`);
console.log(`    of which resolve                 p50 ${fmt(percentile(runs.map((r) => r.resolve), 0.5))}`);
console.log(`    of which validate                p50 ${fmt(percentile(runs.map((r) => r.validate), 0.5))}`);
console.log(`  dotenv.parse of the same files     p50 ${fmt(percentile(dotenvTimes, 0.5))}   (values only: no lines, no resolution, no rules)`);
console.log(`  reading the 21 files from disk     p50 ${fmt(percentile(diskTimes, 0.5))}`);
console.log(`  heap used after runs               ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB`);
