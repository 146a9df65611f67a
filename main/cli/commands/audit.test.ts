import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { AuditReportSchema } from '../audit/audit-report.ts';
import { COMPOSE_REPO, NPM_WORKSPACES_REPO, PYTHON_PROCFILE_REPO } from '../init/testing/fixture-repos.ts';
import { DEMO_STACK_FILE } from '../testing/demo-stack.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

// A fixture repository after `stackdeck init --yes`: the state audit starts from in a real project.
async function initialised(files: Record<string, string>): Promise<string> {
  const temp = makeTempDir(files);
  cleanups.push(temp.cleanup);
  const init = await runInProcess(['init', '--yes'], { cwd: temp.dir });
  expect(init.code).toBe(0);
  return temp.dir;
}

async function audit(root: string) {
  const result = await runInProcess(['audit', '--json'], { cwd: root });
  expect(result.code).toBe(0);
  return AuditReportSchema.parse(JSON.parse(result.stdout));
}

describe('stackdeck audit', () => {
  it('right after init, only declarations nothing reads are left (keys from env files and examples)', async () => {
    const expected = {
      python: { counts: { 'read-not-declared': 0, 'declared-not-read': 2, 'set-not-used': 0 }, notRead: ['LEGACY_FLAG', 'SENTRY_DSN'] },
      compose: { counts: { 'read-not-declared': 0, 'declared-not-read': 1, 'set-not-used': 0 }, notRead: ['FEATURE_BETA'] },
      npm: { counts: { 'read-not-declared': 1, 'declared-not-read': 1, 'set-not-used': 0 }, notRead: ['SHARED_ANALYTICS_ID'] },
    };
    for (const [name, files] of [['python', PYTHON_PROCFILE_REPO], ['compose', COMPOSE_REPO], ['npm', NPM_WORKSPACES_REPO]] as const) {
      const report = await audit(await initialised(files));
      const all = [...report.services.flatMap((service) => service.findings), ...report.findings];
      expect(report.counts, name).toEqual(expected[name].counts);
      expect(all.filter((finding) => finding.kind === 'declared-not-read').map((finding) => finding.key), name).toEqual(expected[name].notRead);
    }
  });

  it('prints compiler-style lines with file:line for code that drifted from the declarations, and exits 0', async () => {
    const root = await initialised(PYTHON_PROCFILE_REPO);
    appendFileSync(join(root, 'app/config.py'), 'CACHE_TTL = int(os.environ["CACHE_TTL"])\n');
    appendFileSync(join(root, '.env'), 'OLD_UNUSED=1\n');
    writeFileSync(join(root, 'stackdeck.variables.json'), JSON.stringify({ variables: { DATABASE_URL: { type: 'url' }, OLD_UNUSED: { type: 'string' }, PORT: { type: 'port' } } }, null, 2));
    appendFileSync(join(root, '.env'), 'ORPHAN=x\n');
    const result = await runInProcess(['audit'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('web  code in .: 3 source files, 7 keys read, 3 declared\n');
    expect(result.stdout).toContain('  app/config.py:10: warning: CACHE_TTL is read here but web does not declare it, so it is never checked [read-not-declared]\n');
    expect(result.stdout).toContain('  app/config.py:5: warning: REDIS_URL is read here but web does not declare it, so it is never checked [read-not-declared]\n');
    expect(result.stdout).toContain('  stackdeck.variables.json:6: note: web declares OLD_UNUSED but no code under . reads it (of 3 source files scanned) [declared-not-read]\n');
    // PORT is given by the launcher ($PORT in the Procfile): declaring it without reading it is no drift.
    expect(result.stdout).not.toContain('declares PORT');
    expect(result.stdout).toContain('  .env:4: warning: LEGACY_FLAG is set here but no service reads or declares it [set-not-used]\n');
    expect(result.stdout).toContain('  .env:6: warning: ORPHAN is set here but no service reads or declares it [set-not-used]\n');
    expect(result.stdout).toMatch(/audit: 6 read but not declared, 1 declared but not read, 2 set but unused; 3 source files scanned\n$/);
  });

  it('judges "declared but never read" only where the service has code under its folder that reads something', async () => {
    const temp = makeTempDir({
      'stackdeck.json': JSON.stringify({ services: { image: { command: ['true'], cwd: 'image', envDir: 'image', schema: 'image/stackdeck.variables.json' } } }),
      'image/stackdeck.variables.json': JSON.stringify({ variables: { TOKEN: { type: 'string' } } }),
      'image/.env': 'TOKEN=abc\n',
    });
    cleanups.push(temp.cleanup);
    const report = await audit(temp.dir);
    expect(report.services).toEqual([{ name: 'image', codeFolder: 'image', codeFiles: 0, readKeys: [], declaredKeys: ['TOKEN'], findings: [] }]);
    expect(report.findings).toEqual([]);
    // Code that reads its settings through a library (no direct read at all) is not judged either.
    writeFileSync(join(temp.dir, 'image/main.py'), 'from settings import config\nprint(config.TOKEN)\n');
    const withCode = await audit(temp.dir);
    expect(withCode.services[0]).toMatchObject({ codeFiles: 1, readKeys: [], findings: [] });
  });

  it('reads the declarations of a named schema too (the demo stack), and ignores system variables', async () => {
    const temp = makeTempDir({
      'stackdeck.json': DEMO_STACK_FILE,
      'services/auth/extra.ts': 'const home = process.env.HOME;\nconst x = process.env.JWT_SECRET_KEY;\nconst y = process.env.NEW_THING;\n',
    });
    cleanups.push(temp.cleanup);
    const report = await audit(temp.dir);
    const auth = report.services.find((service) => service.name === 'auth');
    expect(auth?.declaredKeys).toContain('JWT_SECRET_KEY');
    expect(auth?.findings.filter((finding) => finding.kind === 'read-not-declared').map((finding) => [finding.key, finding.file, finding.line])).toEqual([['NEW_THING', 'services/auth/extra.ts', 3]]);
  });

  it('in a folder without a stack file says so and names init (exit 2); bad usage is exit 2', async () => {
    const temp = makeTempDir({ 'app.py': 'import os\nos.getenv("X")\n' });
    cleanups.push(temp.cleanup);
    const missing = await runInProcess(['audit'], { cwd: temp.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('run `stackdeck init` there');
    expect((await runInProcess(['audit', 'extra'], { cwd: temp.dir })).code).toBe(2);
  });
});
