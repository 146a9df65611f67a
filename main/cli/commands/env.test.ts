import { afterEach, describe, expect, it } from 'vitest';
import { ServiceReportSchema, VariableReportSchema } from '../../../shared/config/report-schema.ts';
import { demoStackFile } from '../../../shared/config/testing/demo-stack.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanup = () => {};
afterEach(() => cleanup());

const SECRET = 'a-real-looking-secret-value-of-40-chars!';

function stack(): string {
  const temp = makeTempDir({
    ...demoStackFile(),
    '.env': `JWT_SECRET_KEY=${SECRET}\nLOG_LEVEL=warn\n`,
    'services/backend/.env': 'LOG_LEVEL=debug\nREDIS_URL=redis://:hunter2@cache:6379/0\n',
    'services/backend/.env.development.local': 'LOG_LEVEL=trace\n',
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

// A Python service that reads its files with python-dotenv: ${...} is expanded, from the file or the environment.
function pythonStack(): string {
  const temp = makeTempDir({
    'stackdeck.json': JSON.stringify({ services: { api: { command: ['python3', 'app.py'], envDir: 'api', envDialect: 'python-dotenv' } } }),
    'api/.env.development': `DATABASE_HOST=db.internal\nAPI_TOKEN=${SECRET}\nPOSTGRES_HOST=\${DATABASE_HOST}\nAUTH_HEADER=Bearer \${API_TOKEN}\nHOME_DIR=\${HOME_FROM_OS}/x\n`,
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

// Any team's stack: its own names for a database URL and its components, declared inline in the stack file.
function teamStack(): string {
  const component = (breaksWithout: string, more: object = {}) => ({ type: 'string', breaksWithout, required: ['staging', 'production'], ...more });
  const database = {
    PGHOST: component('the api cannot reach its database'),
    PGPORT: { type: 'port', breaksWithout: 'port 5432 is assumed' },
    PGUSER: component('no login'),
    PGPASSWORD: component('login refused', { secret: true }),
    PGDATABASE: component('no database chosen'),
    DB_URL: { type: 'url', schemes: ['postgresql'], breaksWithout: 'nothing while the PG* components are set', preferComponents: ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE'], sslParamsFor: 'psycopg2' },
  };
  const temp = makeTempDir({
    'stackdeck.json': JSON.stringify({ services: {
      api: { command: ['python3', 'app.py'], envDir: 'api', variables: database },
      worker: { command: ['python3', 'worker.py'], envDir: 'worker', variables: { PGHOST: { type: 'string', required: true, breaksWithout: 'jobs cannot be stored' } } },
    } }),
    'api/.env.staging': `PGHOST=db.internal\nPGPORT=6543\nPGUSER=app\nPGPASSWORD=${SECRET}\nPGDATABASE=orders\nDB_URL=postgresql://root:${SECRET}@old-db:6543/orders\n`,
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

describe('stackdeck env: what breaks without a variable, who requires it, and the URL a driver receives', () => {
  it('says under each variable what breaks without it and which services of the stack require it, per profile', async () => {
    const result = await runInProcess(['env', 'api', '--profile', 'staging'], { cwd: teamStack() });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').map((line) => line.trim());
    const after = (key: string) => lines.slice(lines.findIndex((line) => line.startsWith(`${key} `)) + 1);
    expect(after('PGHOST').slice(0, 2)).toEqual(['breaks without it: the api cannot reach its database', 'required by: api in staging, production; worker in every profile']);
    expect(after('PGPORT')[0]).toBe('breaks without it: port 5432 is assumed');
    expect(after('PGPORT')[1]).not.toMatch(/^required by/);
  });

  it('shows the effective URL built from the components in each driver\'s form, masked, and why the whole URL is ignored', async () => {
    const result = await runInProcess(['env', 'api', 'DB_URL', '--profile', 'staging'], { cwd: teamStack() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  effective URL: built from PGHOST (api/.env.staging:1), PGPORT (api/.env.staging:2), PGUSER (api/.env.staging:3), PGPASSWORD (api/.env.staging:4), PGDATABASE (api/.env.staging:5); DB_URL is ignored\n');
    expect(result.stdout).toMatch(/ {4}asyncpg +postgresql\+asyncpg:\/\/app:\*\*\*@db\.internal:6543\/orders\?ssl=require\n/);
    expect(result.stdout).toMatch(/ {4}psycopg\/libpq +postgresql:\/\/app:\*\*\*@db\.internal:6543\/orders\?sslmode=require\n/);
    expect(result.stdout).toMatch(/ {4}psycopg2 +postgresql\+psycopg2:\/\/app:\*\*\*@db\.internal:6543\/orders\?sslmode=require\n/);
    expect(result.stdout).toContain("api/.env.staging:6: error: DB_URL (from api/.env.staging:6) is ignored: api builds its URL from PGHOST (api/.env.staging:1)");
    expect(result.stdout).toContain("host 'old-db' in DB_URL (api/.env.staging:6) but 'db.internal' from PGHOST (api/.env.staging:1); user 'root' in DB_URL (api/.env.staging:6) but 'app' from PGUSER (api/.env.staging:3) [database-url-direct]");
    expect(result.stdout).not.toContain(SECRET);
  });

  it('carries the same facts in JSON', async () => {
    const result = await runInProcess(['env', 'api', '--json', '--profile', 'staging'], { cwd: teamStack() });
    const report = ServiceReportSchema.extend({ profile: ServiceReportSchema.shape.name }).parse(JSON.parse(result.stdout));
    const byKey = Object.fromEntries(report.variables.map((variable) => [variable.key, variable]));
    expect(byKey.PGHOST).toMatchObject({ breaksWithout: 'the api cannot reach its database', requiredBy: [{ service: 'api', profiles: ['staging', 'production'] }, { service: 'worker', profiles: ['development', 'test', 'staging', 'production'] }] });
    expect(byKey.PGPORT?.requiredBy).toEqual([]);
    expect(byKey.DB_URL?.effectiveUrl).toMatchObject({ from: 'components', urlIgnored: true, drivers: [{ driver: 'asyncpg' }, { driver: 'libpq' }, { driver: 'psycopg2' }] });
    expect(result.stdout).not.toContain(SECRET);
  });
});

describe('stackdeck env', () => {
  it('shows what an expanding dialect wrote and where each reference came from', async () => {
    const cwd = pythonStack();
    const result = await runInProcess(['env', 'api', 'POSTGRES_HOST'], { cwd, env: { HOME_FROM_OS: '/home/me' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"db.internal"');
    expect(result.stdout).toContain('POSTGRES_HOST = ${DATABASE_HOST}  expanded: DATABASE_HOST from api/.env.development:1');
    const fromOs = await runInProcess(['env', 'api', 'HOME_DIR'], { cwd, env: { HOME_FROM_OS: '/home/me' } });
    expect(fromOs.stdout).toContain('expanded: HOME_FROM_OS from OS environment');
  });

  it('carries the references in JSON and masks a secret that was expanded into another value', async () => {
    const result = await runInProcess(['env', 'api', '--json'], { cwd: pythonStack() });
    const report = ServiceReportSchema.extend({ profile: ServiceReportSchema.shape.name }).parse(JSON.parse(result.stdout));
    const byKey = Object.fromEntries(report.variables.map((variable) => [variable.key, variable]));
    expect(byKey.POSTGRES_HOST).toMatchObject({ value: 'db.internal', raw: '${DATABASE_HOST}', references: [{ name: 'DATABASE_HOST', origin: { from: 'line', file: 'api/.env.development', line: 1 } }] });
    expect(byKey.AUTH_HEADER?.references).toEqual([{ name: 'API_TOKEN', origin: { from: 'line', file: 'api/.env.development', line: 2 } }]);
    expect(result.stdout).not.toContain(SECRET);
  });

  it('lists every variable with its masked value, source and shadowed chain (--json)', async () => {
    const result = await runInProcess(['env', 'backend', '--json'], { cwd: stack(), env: { PORT: '9100', NODE_OPTIONS: '--inspect' } });
    expect(result.code).toBe(0);
    const report = ServiceReportSchema.extend({ profile: ServiceReportSchema.shape.name }).parse(JSON.parse(result.stdout));
    const byKey = Object.fromEntries(report.variables.map((variable) => [variable.key, variable]));
    expect(byKey.PORT).toMatchObject({ value: '9100', source: { kind: 'os' } });
    expect(byKey.LOG_LEVEL?.source).toEqual({ kind: 'file', file: 'services/backend/.env.development.local', line: 1 });
    expect(byKey.LOG_LEVEL?.shadowed.map((entry) => [entry.value, entry.source])).toEqual([
      ['debug', { kind: 'file', file: 'services/backend/.env', line: 1 }],
      ['warn', { kind: 'file', file: '.env', line: 2 }],
      ['info', { kind: 'default' }],
    ]);
    expect(byKey.REDIS_URL?.value).toBe('redis://:***@cache:6379/0');
    expect(byKey.JWT_SECRET_KEY).toMatchObject({ value: '***', secret: true, source: { kind: 'file', file: '.env', line: 1 } });
    expect(byKey.NODE_OPTIONS).toBeUndefined();
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain('hunter2');
  });

  it('explains one key: the chain in precedence order and why the winner won', async () => {
    const result = await runInProcess(['env', 'backend', 'LOG_LEVEL'], { cwd: stack() });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('LOG_LEVEL · backend · development');
    expect(lines.filter((line) => /^\s+\d\. /.test(line)).map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      '1. services/backend/.env.development.local:1 "trace" wins',
      '2. services/backend/.env:1 "debug" shadowed',
      '3. .env:2 "warn" shadowed',
      '4. schema default "info" shadowed',
    ]);
    expect(result.stdout).toContain('why: .env.development.local is more specific than .env');
  });

  it('gives one key as JSON with its findings', async () => {
    const result = await runInProcess(['env', 'backend', 'JWT_SECRET_KEY', '--json'], { cwd: stack() });
    const parsed = JSON.parse(result.stdout) as { variable: unknown; findings: unknown[] };
    expect(VariableReportSchema.parse(parsed.variable)).toMatchObject({ key: 'JWT_SECRET_KEY', value: '***' });
    expect(result.stdout).not.toContain(SECRET);
  });

  it('exits 2 for an unknown service with the closest name, and 1 for an unknown key', async () => {
    const service = await runInProcess(['env', 'backnd'], { cwd: stack() });
    expect([service.code, service.stderr]).toEqual([2, expect.stringContaining("no service 'backnd' in this stack; did you mean 'backend'?")]);
    const key = await runInProcess(['env', 'backend', 'LOG_LEVL'], { cwd: stack() });
    expect([key.code, key.stderr]).toEqual([1, expect.stringContaining('backend has no variable LOG_LEVL; did you mean LOG_LEVEL?')]);
    const missing = await runInProcess(['env'], { cwd: stack() });
    expect(missing.code).toBe(2);
  });
});
