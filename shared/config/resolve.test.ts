import { describe, expect, it } from 'vitest';
import { parseEnvText } from './env-file/parse-env-text.ts';
import { resolveService, resolvedValues, type EnvFileLayer } from './resolve.ts';
import { demoServices } from './testing/demo-stack.ts';
import type { ServiceSchema } from './variable.ts';

const [authSchema, backendSchema] = demoServices().map((service) => service.schema as ServiceSchema) as [ServiceSchema, ServiceSchema];

// One layer from env text, as the node reader would hand it over.
const layer = (path: string, scope: EnvFileLayer['scope'], text: string): EnvFileLayer => ({ path, scope, entries: parseEnvText(text, path).entries });

describe('resolveService', () => {
  it('orders every source by the design\'s precedence and keeps the whole chain', () => {
    const resolved = resolveService({
      service: 'backend',
      schema: backendSchema,
      profile: 'development',
      files: [layer('backend/.env', 'service', 'LOG_LEVEL=warn\n'), layer('.env', 'stack', '\nLOG_LEVEL=error\n')],
      os: { LOG_LEVEL: 'debug' },
      launcher: { LOG_LEVEL: 'trace' },
      overrides: { LOG_LEVEL: 'fatal' },
    });
    const variable = resolved.variables.find((candidate) => candidate.key === 'LOG_LEVEL');
    expect(variable?.value).toBe('fatal');
    expect(variable?.source).toEqual({ kind: 'override' });
    expect(variable?.shadowed).toEqual([
      { value: 'trace', source: { kind: 'launcher' } },
      { value: 'debug', source: { kind: 'os' } },
      { value: 'warn', source: { kind: 'file', file: 'backend/.env', line: 1 } },
      { value: 'error', source: { kind: 'file', file: '.env', line: 2 } },
      { value: 'info', source: { kind: 'default' } },
    ]);
  });

  it('lists a file\'s duplicates last-first, the last one winning', () => {
    const resolved = resolveService({ service: 'auth', schema: authSchema, profile: 'development', files: [layer('.env', 'stack', 'PORT=1\nPORT=2\n')], os: {} });
    const port = resolved.variables.find((candidate) => candidate.key === 'PORT');
    expect([port?.value, port?.source?.line, port?.shadowed.map((entry) => entry.source.line ?? entry.source.kind)]).toEqual(['2', 2, [1, 'default']]);
  });

  it('reads the OS environment only for declared keys', () => {
    const resolved = resolveService({ service: 'auth', schema: authSchema, profile: 'development', files: [], os: { PORT: '9000', AWS_SECRET_ACCESS_KEY: 'x', NODE_OPTIONS: '--inspect' } });
    expect(resolved.variables.find((candidate) => candidate.key === 'PORT')?.source).toEqual({ kind: 'os' });
    expect(resolved.variables.some((candidate) => candidate.key === 'AWS_SECRET_ACCESS_KEY' || candidate.key === 'NODE_OPTIONS')).toBe(false);
  });

  it('generates a fallback only when nothing else sets the key, and never in staging or production', () => {
    const asked: string[] = [];
    const generatedFallback = (key: string) => {
      asked.push(key);
      return { value: `gen-${key}`, store: 'state.json' };
    };
    const files = [layer('.env', 'stack', 'JWT_SECRET_KEY=from-file-and-long-enough-to-pass-32\n')];
    const development = resolveService({ service: 'auth', schema: authSchema, profile: 'development', files, os: {}, generatedFallback });
    expect(asked.sort()).toEqual(['OAUTH_HMAC_SECRET', 'SERVICE_SECRET']);
    expect(development.variables.find((candidate) => candidate.key === 'SERVICE_SECRET')?.source).toEqual({ kind: 'fallback', file: 'state.json' });
    asked.length = 0;
    const staging = resolveService({ service: 'auth', schema: authSchema, profile: 'staging', files: [], os: {}, generatedFallback });
    expect(asked).toEqual([]);
    expect(staging.variables.find((candidate) => candidate.key === 'SERVICE_SECRET')?.value).toBeUndefined();
  });

  it('shows undeclared keys of the service\'s own files, but not the stack root\'s', () => {
    const resolved = resolveService({
      service: 'auth', schema: authSchema, profile: 'development', os: {},
      files: [layer('auth/.env', 'service', 'MY_TOKEN=abc\n'), layer('.env', 'stack', 'FRONTEND_URL=http://x\n')],
    });
    const mine = resolved.variables.find((candidate) => candidate.key === 'MY_TOKEN');
    expect([mine?.declared, mine?.secret]).toEqual([false, true]);
    expect(resolved.variables.some((candidate) => candidate.key === 'FRONTEND_URL')).toBe(false);
    expect(resolvedValues(resolved)).not.toHaveProperty('MY_TOKEN');
  });

  it('passes every file key to a service without a schema', () => {
    const resolved = resolveService({ service: 'worker', profile: 'development', os: { PATH: '/bin' }, files: [layer('.env', 'stack', 'QUEUE=jobs\n')] });
    expect(resolvedValues(resolved)).toEqual({ QUEUE: 'jobs' });
  });

  it('takes the schema\'s secret flag over the name pattern', () => {
    const resolved = resolveService({ service: 'auth', schema: authSchema, profile: 'development', files: [], os: {} });
    expect(resolved.variables.find((candidate) => candidate.key === 'ACCESS_TOKEN_TTL_SECONDS')?.secret).toBe(false);
    expect(resolved.variables.find((candidate) => candidate.key === 'POSTGRES_PASSWORD')?.secret).toBe(true);
  });
});

describe('resolveService for a service without a schema', () => {
  // Regression: launcher values and overrides were dropped when no schema or file named the key.
  it('passes launcher values and overrides through', () => {
    const resolved = resolveService({ service: 'worker', profile: 'development', os: {}, files: [], launcher: { PORT: '8123' }, overrides: { MODE: 'fast' } });
    expect(resolvedValues(resolved)).toEqual({ PORT: '8123', MODE: 'fast' });
  });

  // Regression: a plain-object assignment dropped a key named __proto__.
  it('keeps a key named __proto__ as an ordinary value', () => {
    const resolved = resolveService({ service: 'worker', profile: 'development', os: {}, files: [layer('.env', 'stack', '__proto__=x\n')] });
    expect(Object.keys(resolvedValues(resolved))).toEqual(['__proto__']);
  });
});
