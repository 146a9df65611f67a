import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.ts';
import { readsInText, scanCodeReads, scanCodeReadsWithStats } from './code-reads.ts';
import { FILES_PER_SLICE } from './scan-slices.ts';

let cleanup = () => {};
afterEach(() => cleanup());
function repo(files: Record<string, string | Buffer>): string {
  const temp = makeTempDir(files);
  cleanup = temp.cleanup;
  return temp.dir;
}

describe('readsInText', () => {
  it('finds the Node and Vite forms, skips assignments, keeps lines', () => {
    const source = [
      "import { z } from 'zod';",
      'const port = Number(process.env.PORT ?? 3000);',
      "const url = process.env['DATABASE_URL'];",
      'const api = import.meta.env.VITE_API_URL;',
      'process.env.NODE_ENV = "test";',
      'if (process.env.DEBUG == "1") {}',
      'const {',
      '  REDIS_URL,',
      "  SENTRY_DSN: dsn = '',",
      '  ...rest',
      '} = process.env;',
      'const key = process.env[name]; // dynamic: not a key',
      "const level = process.env.LOG_LEVEL || `debug`;",
      'const greeting = process.env.GREETING ?? `hi ${name}`; // a template with a placeholder: no literal default',
    ].join('\n');
    expect(readsInText(source, 'typescript')).toEqual([
      { key: 'PORT', line: 2, default: '3000' },
      { key: 'DATABASE_URL', line: 3 },
      { key: 'VITE_API_URL', line: 4 },
      { key: 'DEBUG', line: 6 },
      { key: 'REDIS_URL', line: 8 },
      { key: 'SENTRY_DSN', line: 9, default: '' },
      { key: 'LOG_LEVEL', line: 13, default: 'debug' },
      { key: 'GREETING', line: 14 },
    ]);
  });

  it('finds the Python forms: os.environ[...], .get, os.getenv, a bare environ', () => {
    const source = [
      'import os',
      'from os import environ, getenv',
      'DATABASE_URL = os.environ["DATABASE_URL"]',
      "DEBUG = os.environ.get('DEBUG', 'false') == 'true'",
      'SECRET_KEY = os.getenv("SECRET_KEY")',
      'WORKERS = int(os.getenv("WORKERS", 4))',
      "REDIS = environ['REDIS_URL']",
      'LEVEL = getenv("LOG_LEVEL", "info")',
      'os.environ["WRITTEN"] = "x"',
      'myenviron["NOT_A_READ"]',
    ].join('\n');
    expect(readsInText(source, 'python')).toEqual([
      { key: 'DATABASE_URL', line: 3 },
      { key: 'DEBUG', line: 4, default: 'false' },
      { key: 'SECRET_KEY', line: 5 },
      { key: 'WORKERS', line: 6, default: '4' },
      { key: 'REDIS_URL', line: 7 },
      { key: 'LOG_LEVEL', line: 8, default: 'info' },
    ]);
  });

  it('finds Go os.Getenv and os.LookupEnv', () => {
    const source = [
      'package main',
      'import "os"',
      'func main() {',
      '\taddr := os.Getenv("LISTEN_ADDR")',
      '\tif v, ok := os.LookupEnv( "FEATURE_X" ); ok { _ = v }',
      '}',
    ].join('\n');
    expect(readsInText(source, 'go')).toEqual([{ key: 'LISTEN_ADDR', line: 4 }, { key: 'FEATURE_X', line: 5 }]);
  });
});

describe('scanCodeReads', () => {
  it('reads source files under root with paths relative to it, skipping dependency and build folders', async () => {
    const root = repo({
      'app/config.py': 'import os\n\nDB = os.environ["DATABASE_URL"]\n',
      'web/src/page.tsx': 'export default () => process.env.NEXT_PUBLIC_API\n',
      'cmd/main.go': 'package main\nimport "os"\nvar x = os.Getenv("GO_KEY")\n',
      'node_modules/lib/index.js': 'process.env.FROM_DEPENDENCY',
      'web/.next/server.js': 'process.env.FROM_BUILD',
      'dist/app.js': 'process.env.FROM_DIST',
      '.venv/lib/x.py': 'os.getenv("FROM_VENV")',
      'env/lib/python3.12/site.py': 'os.getenv("FROM_NAMED_VENV")',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      '__pycache__/x.py': 'os.getenv("FROM_CACHE")',
      'README.md': 'process.env.IN_DOCS',
      'web/src/page.test.tsx': 'process.env.IN_A_TEST',
      'app/test_config.py': 'os.getenv("IN_A_PYTEST")',
      'cmd/main_test.go': 'os.Getenv("IN_A_GO_TEST")',
      'tests/conftest.py': 'os.getenv("IN_TESTS_FOLDER")',
    });
    const reads = await scanCodeReads(root);
    expect(reads).toEqual([
      { key: 'DATABASE_URL', file: 'app/config.py', line: 3, language: 'python' },
      { key: 'GO_KEY', file: 'cmd/main.go', line: 3, language: 'go' },
      { key: 'NEXT_PUBLIC_API', file: 'web/src/page.tsx', line: 1, language: 'typescript' },
    ]);
    const withTests = await scanCodeReads(root, { includeTests: true });
    expect(withTests.map((read) => read.key).sort()).toEqual(['DATABASE_URL', 'GO_KEY', 'IN_A_GO_TEST', 'IN_A_PYTEST', 'IN_A_TEST', 'IN_TESTS_FOLDER', 'NEXT_PUBLIC_API']);
  });

  it('is bounded: files over the size limit and past the file cap are counted as skipped, not read', async () => {
    const files: Record<string, string> = { 'big.js': `process.env.BIG\n${'x'.repeat(2048)}` };
    for (let i = 0; i < 10; i++) files[`src/f${i}.js`] = `process.env.K${i}\n`;
    const root = repo(files);
    const scan = await scanCodeReadsWithStats(root, { maxFiles: 6, maxFileBytes: 1024 });
    expect(scan.skipped).toEqual({ tooLarge: 1, overCap: 5 });
    expect(scan.filesRead).toBe(5);
    expect(scan.reads.map((read) => read.key)).toEqual(['K0', 'K1', 'K2', 'K3', 'K4']);
  });

  it('scans a few thousand files quickly (it runs inside check)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`pkg${i % 40}/mod${i}.ts`] = `export const v${i} = process.env.KEY_${i % 97};\n`.repeat(20);
    const root = repo(files);
    const started = performance.now();
    const reads = await scanCodeReads(root);
    const elapsed = performance.now() - started;
    expect(reads).toHaveLength(40_000);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe('scanCodeReadsWithStats on a big service', () => {
  it('reads every file and lets the event loop run between slices of files', async () => {
    const count = FILES_PER_SLICE * 2 + 10;
    const files = Object.fromEntries(Array.from({ length: count }, (_, index) => [`src/m${index % 7}/f${index}.ts`, `export const v = process.env.KEY_${index};\n`]));
    const root = repo(files);
    let immediateRan = false;
    setImmediate(() => { immediateRan = true; });
    const { scan, ranBeforeTheEnd } = await scanCodeReadsWithStats(root).then((result) => ({ scan: result, ranBeforeTheEnd: immediateRan }));
    expect(scan.filesRead).toBe(count);
    expect(new Set(scan.reads.map((read) => read.key)).size).toBe(count);
    // Read in slices: the callback queued before the scan ran while it went on, not after it.
    expect(ranBeforeTheEnd).toBe(true);
  });
});
