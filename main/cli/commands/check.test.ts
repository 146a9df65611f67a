import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StackReportSchema } from '../../../shared/config/report-schema.ts';
import { REPOSITORY_ROOT, demoStackFile } from '../../../shared/config/testing/demo-stack.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanup = () => {};
afterEach(() => cleanup());

// A temp stack: the demo's stack file (unless the test brings its own) and the given files.
function stack(files: Record<string, string> = {}): string {
  const temp = makeTempDir({ ...demoStackFile(), ...files });
  cleanup = temp.cleanup;
  return temp.dir;
}

const BROKEN = {
  'envs/.env': 'JWT_SECRET_KEY=short-secret-value\nPOSTGRE_HOST=db\nbad line\n',
  'envs/auth/.env': 'PORT=8000\n',
  'envs/backend/.env.staging': 'AUTH_SERVICE_URL=http://localhost:9\n',
};

describe('stackdeck check', () => {
  it('carries in --json what breaks without each variable, which services require it, and the effective database URL', async () => {
    const dir = stack({ 'services/backend/.env': 'POSTGRES_HOST=db.internal\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=pw-not-shown-anywhere\nPOSTGRES_DB=orders\n' });
    const result = await runInProcess(['check', '--json'], { cwd: dir });
    const report = StackReportSchema.parse(JSON.parse(result.stdout));
    const [auth, backend] = report.services;
    const jwt = auth?.variables.find((variable) => variable.key === 'JWT_SECRET_KEY');
    expect(jwt?.breaksWithout).toMatch(/\w/);
    expect(jwt?.requiredBy?.map((requirement) => requirement.service)).toEqual(['auth', 'backend']);
    expect(backend?.variables.find((variable) => variable.key === 'DATABASE_URL')?.effectiveUrl).toMatchObject({
      from: 'components',
      urlIgnored: false,
      drivers: [{ driver: 'asyncpg', url: 'postgresql+asyncpg://app:***@db.internal:5432/orders?ssl=require' }, { driver: 'libpq', url: 'postgresql://app:***@db.internal:5432/orders?sslmode=require' }],
    });
    expect(auth?.variables.find((variable) => variable.key === 'DATABASE_URL')?.effectiveUrl).toBeUndefined();
    expect(result.stdout).not.toContain('pw-not-shown-anywhere');
  });

  it('passes a fresh checkout with no env files in development, exit 0', async () => {
    const result = await runInProcess(['check'], { cwd: stack() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('profile development: 0 errors, 0 warnings');
  });

  it('checks the services of the stack file, from their own env folders, as `up` would run them', async () => {
    const dir = stack({
      'stackdeck.json': JSON.stringify({ services: { auth: { command: ['node', 'a.js'], envDir: 'apps/auth', schema: join(REPOSITORY_ROOT, 'services/auth/stackdeck.variables.json') }, worker: { command: ['node', 'w.js'], envDir: 'apps/worker' } } }),
      'apps/auth/.env': 'JWT_SECRET_KEY=short\n',
      'apps/worker/.env': 'QUEUE=jobs\n',
    });
    const result = await runInProcess(['check', '--json'], { cwd: dir });
    const report = StackReportSchema.parse(JSON.parse(result.stdout));
    expect(report.services.map((service) => service.name)).toEqual(['auth', 'worker']);
    expect(report.services[0]?.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'secret-too-short', file: 'apps/auth/.env' })]));
    expect(report.services[1]?.variables).toEqual([expect.objectContaining({ key: 'QUEUE', value: 'jobs', source: { kind: 'file', file: 'apps/worker/.env', line: 1 } })]);
  });

  it('checks a schema-less Python service against the keys its code reads, naming where the meant key is read', async () => {
    const dir = stack({
      'stackdeck.json': JSON.stringify({ services: { api: { command: ['python3', 'app.py'], cwd: 'api', envDir: 'api', envDialect: 'python-dotenv' } } }),
      'api/app.py': 'import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\nurl = os.environ["DATABASE_URL"]\n',
      'api/.env': 'DATABSE_URL=postgresql://localhost/app\nFEATURE_FLAGS=a,b\n',
    });
    const result = await runInProcess(['check'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("api/.env:1: warning: DATABSE_URL is set here but api's code never reads it; did you mean DATABASE_URL (read at api/app.py:5)?");
    expect(result.stdout).not.toContain('FEATURE_FLAGS');
    expect(result.stdout).toContain('profile development: 0 errors, 1 warning');
  });

  it('refuses a folder without a stack file with exit 2 and names `stackdeck init`, for check, env, up, ui and mcp alike', async () => {
    const temp = makeTempDir({ '.env': 'PORT=1\n' });
    cleanup = temp.cleanup;
    const messages = new Set<string>();
    for (const argv of [['check'], ['check', '--json'], ['env', 'auth'], ['up'], ['ui', '--no-open'], ['mcp']]) {
      const result = await runInProcess(argv, { cwd: temp.dir });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout, argv.join(' ')).toBe('');
      messages.add(result.stderr);
    }
    expect([...messages]).toEqual([`stackdeck: no stackdeck.json in ${temp.dir}: run \`stackdeck init\` there to write one from what the repository already says (compose file, Procfile, package.json, Python entry points), or pass --root DIR\n`]);
  });

  it('refuses a broken stack file with exit 2, naming the field at fault', async () => {
    const result = await runInProcess(['check'], { cwd: stack({ 'stackdeck.json': JSON.stringify({ services: { api: { command: [] } } }) }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stackdeck\.json is not a usable stack file:\n {2}\S*stackdeck\.json:1:\d+: services\.api\.command: /);
    expect(result.stderr).toMatch(/services\.api\.envDir: /);
  });

  it('prints one JSON document of the documented shape, secrets masked', async () => {
    const cwd = stack();
    const result = await runInProcess(['check', '--json'], { cwd });
    const report = StackReportSchema.parse(JSON.parse(result.stdout));
    expect(report.profile).toBe('development');
    expect(report.services.map((service) => service.name)).toEqual(['auth', 'backend']);
    const jwt = report.services[0]?.variables.find((variable) => variable.key === 'JWT_SECRET_KEY');
    expect(jwt).toMatchObject({ value: '***', secret: true, source: { kind: 'fallback' } });
    const generated = JSON.parse(readFileSync(join(cwd, '.state', 'fallback-secrets.json'), 'utf8')) as Record<string, string>;
    for (const value of Object.values(generated)) expect(result.stdout).not.toContain(value);
  });

  it('reads --env-dir, reports findings like a compiler and exits 1 on errors', async () => {
    const cwd = stack(BROKEN);
    const result = await runInProcess(['check', '--env-dir', 'envs'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('envs/.env:2: warning: POSTGRE_HOST is set here but no service of the stack declares it');
    expect(result.stdout).toContain('→ Did you mean POSTGRES_HOST?');
    expect(result.stdout).toContain('envs/.env:3: warning:');
    expect(result.stdout).toMatch(/envs\/auth\/\.env:1: error: auth \(envs\/auth\/\.env:1\) and backend \(schema default\) are both set to listen on port 8000 \[port-conflict\]/);
    expect(result.stdout).not.toContain('short-secret-value');
  });

  it('enforces a deployed profile: required, localhost and short secrets are errors', async () => {
    // Staging reads no .env: the short secret must be in a staging file to count.
    const cwd = stack({ ...BROKEN, 'envs/.env.staging': 'JWT_SECRET_KEY=short-secret-value\n' });
    const result = await runInProcess(['check', '--env-dir', 'envs', '--profile', 'staging', '--json'], { cwd });
    expect(result.code).toBe(1);
    const report = StackReportSchema.parse(JSON.parse(result.stdout));
    const backend = report.services.find((service) => service.name === 'backend');
    const rules = new Set(backend?.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.rule));
    expect(rules).toEqual(new Set(['required-missing', 'localhost-in-deployed-profile', 'secret-too-short']));
    expect(backend?.findings.find((finding) => finding.rule === 'localhost-in-deployed-profile')).toMatchObject({
      key: 'AUTH_SERVICE_URL', file: 'envs/backend/.env.staging', line: 1,
    });
    expect(report.healthScore).toBe(0);
  });

  it('colours only when asked', async () => {
    const cwd = stack(BROKEN);
    const plain = await runInProcess(['check', '--env-dir', 'envs'], { cwd });
    const coloured = await runInProcess(['check', '--env-dir', 'envs'], { cwd, color: true });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(coloured.stdout).toContain('\u001b[');
  });
});
