import { afterEach, describe, expect, it } from 'vitest';
import { ServiceReportSchema, VariableReportSchema } from '../../../shared/config/report.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { DEMO_STACK_FILE } from '../testing/demo-stack.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanup = () => {};
afterEach(() => cleanup());

const SECRET = 'a-real-looking-secret-value-of-40-chars!';

function stack(): string {
  const temp = makeTempDir({
    'stackdeck.json': DEMO_STACK_FILE,
    '.env': `JWT_SECRET_KEY=${SECRET}\nLOG_LEVEL=warn\n`,
    'services/backend/.env': 'LOG_LEVEL=debug\nREDIS_URL=redis://:hunter2@cache:6379/0\n',
    'services/backend/.env.development.local': 'LOG_LEVEL=trace\n',
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

describe('stackdeck env', () => {
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
