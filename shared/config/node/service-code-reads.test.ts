import { utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import type { StackService } from '../stack.ts';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { inspectStack } from './inspect-stack.ts';
import { readSchemalessCodeReads } from './service-code-reads.ts';
import { serviceCodeDir } from './service-loaders.ts';

const tempDir = tempDirsForEachTest();
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

// A team's repository with no schemas at all: a Python API run from its own folder, a Node worker run from the root.
const PYTHON_API = 'import os\n\nfrom dotenv import load_dotenv\n\nload_dotenv()\nDATABASE_URL = os.environ["DATABASE_URL"]\nSECRET = os.getenv("JWT_SECRET_KEY")\nDEBUG = os.environ.get("DEBUG", "0")\n';
const NODE_WORKER = "const queue = process.env.QUEUE_URL;\nconst { CONCURRENCY = '4' } = process.env;\nexport const settings = { queue, concurrency: Number(CONCURRENCY) };\n";
const SERVICES: StackService[] = [
  { name: 'api', envDir: 'api', cwd: 'api', dialect: 'python-dotenv' },
  { name: 'worker', envDir: 'worker' },
];

async function unknownKeys(files: Record<string, string>, services: StackService[] = SERVICES): Promise<Finding[]> {
  const root = tempDir({ 'api/db.py': PYTHON_API, 'worker/main.js': NODE_WORKER, ...files });
  const inspection = await inspectStack({ root, profile: 'development', osEnv: {}, stateDir: join(root, 'state'), services, displayPath: (path) => relative(root, path) });
  return [...inspection.validation.findings, ...inspection.validation.services.flatMap((service) => service.findings)].filter((finding) => finding.rule === 'unknown-key');
}

describe('unknown-key for services without a schema, against the keys their code reads', () => {
  it('names a misspelt key in a Python service with the key its code reads and where it reads it', async () => {
    expect(await unknownKeys({ 'api/.env': 'DEBUG=1\nDATABSE_URL=postgresql://localhost/app\n' })).toEqual([{
      rule: 'unknown-key',
      severity: 'warning',
      service: 'api',
      key: 'DATABSE_URL',
      file: 'api/.env',
      line: 2,
      message: "DATABSE_URL is set here but api's code never reads it; did you mean DATABASE_URL (read at api/db.py:6)?",
      suggestion: 'Rename it to DATABASE_URL',
    }]);
  });

  it('names a shortened key (JWT_SECRET for JWT_SECRET_KEY) and a Node service\'s destructured read', async () => {
    const findings = await unknownKeys({ 'api/.env': 'JWT_SECRET=s3cret-value\n', 'worker/.env': 'QUEUE_URL=redis://q\nCONCURENCY=8\n' });
    expect(findings.map((finding) => [finding.file, finding.line, finding.message])).toEqual([
      ['api/.env', 1, "JWT_SECRET is set here but api's code never reads it; did you mean JWT_SECRET_KEY (read at api/db.py:7)?"],
      ['worker/.env', 2, "CONCURENCY is set here but worker's code never reads it; did you mean CONCURRENCY (read at worker/main.js:2)?"],
    ]);
    expect(JSON.stringify(findings)).not.toContain('s3cret-value');
  });

  it('says nothing of correctly spelt keys, nor of keys close to nothing the code reads (it may read them indirectly)', async () => {
    expect(await unknownKeys({
      'api/.env': 'DATABASE_URL=postgresql://localhost/app\nJWT_SECRET_KEY=x\nDEBUG=1\nSENTRY_DSN=https://x@o.ingest/1\nPORT=8000\n',
      'worker/.env': 'QUEUE_URL=redis://q\nCONCURRENCY=2\nNODE_OPTIONS=--enable-source-maps\n',
    })).toEqual([]);
  });

  it('does not call a key a typo of one that is set beside it, and ignores code in tests and node_modules', async () => {
    expect(await unknownKeys({
      'api/.env': 'DATABASE_URL=postgresql://localhost/app\nDATABASE_URLS=a,b\n',
      'api/tests/test_db.py': 'import os\nos.environ["REDIS_URL"]\n',
      'worker/node_modules/lib/index.js': 'process.env.REDIS_URL\n',
      'worker/.env': 'REDIS_UR=redis://cache\n',
    })).toEqual([]);
  });

  it('does not scan a service that has a schema: its schema says what it reads', async () => {
    const schema = { service: 'api', variables: {} } as unknown as NonNullable<StackService['schema']>;
    const reads = await readSchemalessCodeReads(tempDir({ 'api/db.py': PYTHON_API, 'worker/main.js': NODE_WORKER }), [{ ...SERVICES[0] as StackService, schema }, SERVICES[1] as StackService]);
    expect(Object.keys(reads)).toEqual(['worker']);
    expect(reads.worker?.map((read) => read.key)).toEqual(['QUEUE_URL', 'CONCURRENCY']);
  });

  it('sees a fixed file at once: the per-file cache follows size and mtime', async () => {
    const root = tempDir({ 'worker/main.js': 'process.env.QUEUE_URL\n' });
    const worker = [SERVICES[1] as StackService];
    expect((await readSchemalessCodeReads(root, worker)).worker?.map((read) => read.key)).toEqual(['QUEUE_URL']);
    writeFileSync(join(root, 'worker/main.js'), 'process.env.QUEUE_URI\n');
    utimesSync(join(root, 'worker/main.js'), new Date(), new Date(Date.now() + 5_000));
    expect((await readSchemalessCodeReads(root, worker)).worker?.map((read) => read.key)).toEqual(['QUEUE_URI']);
  });

  it('scans this repository\'s services quickly, as if they had no schema (time printed once)', async () => {
    const services: StackService[] = [
      { name: 'auth', envDir: 'services/auth' },
      { name: 'backend', envDir: 'services/backend' },
      { name: 'whole-repo', envDir: '.' },
    ];
    expect(services.map(serviceCodeDir)).toEqual(['services/auth', 'services/backend', '.']);
    const coldStart = performance.now();
    const cold = await readSchemalessCodeReads(REPO_ROOT, services);
    const coldMs = performance.now() - coldStart;
    const warmStart = performance.now();
    const warm = await readSchemalessCodeReads(REPO_ROOT, services);
    const warmMs = performance.now() - warmStart;
    expect(warm).toEqual(cold);
    // The demo services read their variables through their schema's loader, not process.env: nothing to find there.
    expect([cold.auth, cold.backend]).toEqual([[], []]);
    expect(cold['whole-repo']).toContainEqual(expect.objectContaining({ key: 'BENCH_RUNS', file: join(REPO_ROOT, 'bench/config/resolve-validate.ts') }));
    console.log(`code-reads scan of this repository (services/auth, services/backend, whole repo capped at 2000 files): ${Object.values(cold).flat().length} reads, cold ${coldMs.toFixed(0)} ms, cached ${warmMs.toFixed(0)} ms`);
    expect(warmMs).toBeLessThan(2_000);
  });
});
