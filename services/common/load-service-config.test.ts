import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FALLBACK_FILE } from '../../shared/config/node/fallback-store.ts';
import { demoServices } from '../../shared/config/testing/demo-stack.ts';
import { tempDirsForEachTest } from '../../shared/config/testing/temp-dirs-per-test.ts';
import type { ServiceSchema } from '../../shared/config/variable.ts';
import { LAUNCHED_BY_STACKDECK } from '../../shared/stack/launcher-contract.ts';
import { formatFindingLine, loadServiceConfig } from './load-service-config.ts';

const tempDir = tempDirsForEachTest();
const backendSchema = demoServices()[1]?.schema as ServiceSchema;
const SECRET_A = 'a'.repeat(64);
const SECRET_B = 'b'.repeat(48);
const SECRET_C = 'c'.repeat(48);

// Everything a deployed backend needs, with no value pointing at this machine.
const COMPLETE_STAGING = {
  ENVIRONMENT: 'staging',
  JWT_SECRET_KEY: SECRET_A,
  SERVICE_SECRET: SECRET_B,
  SECRET_KEY: SECRET_C,
  AUTH_SERVICE_URL: 'https://auth.staging.example.com',
  FRONTEND_URL: 'https://app.staging.example.com',
  CLICKHOUSE_URL: 'https://clickhouse.staging.example.com:8443',
  POSTGRES_HOST: 'db.staging.example.com',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backend',
  POSTGRES_PASSWORD: 'db-password',
  POSTGRES_DB: 'stack',
  REDIS_URL: 'rediss://cache.staging.example.com:6379',
};

// A stack root with the backend's folder inside it, as the repository lays them out, both with the given files.
function stack(serviceFiles: Record<string, string> = {}, rootFiles: Record<string, string> = {}) {
  const prefixed = Object.fromEntries(Object.entries(serviceFiles).map(([name, text]) => [join('services', 'backend', name), text]));
  const stackRoot = tempDir({ ...prefixed, ...rootFiles, 'services/backend/.keep': '' });
  return { stackRoot, serviceDir: join(stackRoot, 'services', 'backend') };
}

// The environment the launcher gives a service: every value resolved, files already read.
const launched = (env: Record<string, string>) => ({ [LAUNCHED_BY_STACKDECK]: '1', ...env });
// The keys findings name, to compare as a list.
const keysOf = (findings: { key?: string }[]) => findings.map((finding) => finding.key);

describe('loadServiceConfig, launched by Stackdeck', () => {
  it('gives a typed config from the environment alone, reading no file and writing no fallback', async () => {
    const dirs = stack({ '.env': 'PORT=9999\nLOG_LEVEL=trace\n' }, { '.env': 'MAX_CONCURRENT_AGENTS=99\n' });
    const loaded = await loadServiceConfig(backendSchema, {
      ...dirs,
      env: launched({ ENVIRONMENT: 'development', PORT: '8123', HOST: '127.0.0.1', AGENT_HEARTBEAT_INTERVAL: '0.5', MAX_CONCURRENT_AGENTS: '3', JWT_SECRET_KEY: SECRET_A, SERVICE_SECRET: SECRET_B, SECRET_KEY: SECRET_C, AUTH_SERVICE_URL: 'http://127.0.0.1:8081' }),
    });
    expect(loaded.profile).toBe('development');
    expect(loaded.fatal).toBe(false);
    expect(loaded.config).toMatchObject({
      ENVIRONMENT: 'development',
      PORT: 8123,
      HOST: '127.0.0.1',
      AGENT_HEARTBEAT_INTERVAL: 0.5,
      MAX_CONCURRENT_AGENTS: 3,
      JWT_SECRET_KEY: SECRET_A,
      AUTH_SERVICE_URL: 'http://127.0.0.1:8081',
    });
    expect(loaded.config.LOG_LEVEL).toBe('info');
    expect(loaded.config.AGENT_HEARTBEAT_TIMEOUT).toBe(10);
    expect(existsSync(join(dirs.stackRoot, '.stackdeck'))).toBe(false);
  });

  it('starts a complete staging config with no error', async () => {
    const loaded = await loadServiceConfig(backendSchema, { ...stack(), env: launched(COMPLETE_STAGING) });
    expect(loaded.profile).toBe('staging');
    expect(loaded.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(loaded.fatal).toBe(false);
    expect(loaded.config.POSTGRES_PORT).toBe(5432);
  });

  it('refuses staging with required values missing, the findings naming each key', async () => {
    const removed = ['JWT_SECRET_KEY', 'REDIS_URL', 'POSTGRES_HOST'];
    const incomplete = Object.fromEntries(Object.entries(COMPLETE_STAGING).filter(([key]) => !removed.includes(key)));
    const loaded = await loadServiceConfig(backendSchema, { ...stack(), env: launched(incomplete) });
    expect(loaded.fatal).toBe(true);
    const missing = loaded.findings.filter((finding) => finding.rule === 'required-missing');
    expect(keysOf(missing)).toEqual(expect.arrayContaining(removed));
    for (const finding of missing) {
      expect(finding.severity).toBe('error');
      expect(formatFindingLine(finding)).toContain(finding.key ?? 'no key');
    }
  });

  it('refuses staging when a connection value points at localhost', async () => {
    const loaded = await loadServiceConfig(backendSchema, { ...stack(), env: launched({ ...COMPLETE_STAGING, REDIS_URL: 'redis://localhost:6379' }) });
    expect(loaded.fatal).toBe(true);
    expect(loaded.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'localhost-in-deployed-profile', key: 'REDIS_URL' })]));
  });

  it('in development, replaces an invalid value with the schema default and reports it, without refusing', async () => {
    const loaded = await loadServiceConfig(backendSchema, {
      ...stack(),
      env: launched({ PORT: 'eighty', MAX_CONCURRENT_AGENTS: '0', AGENT_HEARTBEAT_INTERVAL: 'soon', JWT_SECRET_KEY: SECRET_A, SERVICE_SECRET: SECRET_B, SECRET_KEY: SECRET_C }),
    });
    expect(loaded.profile).toBe('development');
    expect(loaded.fatal).toBe(false);
    expect(loaded.config).toMatchObject({ PORT: 8000, MAX_CONCURRENT_AGENTS: 10, AGENT_HEARTBEAT_INTERVAL: 2 });
    const invalid = loaded.findings.filter((finding) => finding.rule === 'invalid-value');
    expect(keysOf(invalid)).toEqual(expect.arrayContaining(['PORT', 'MAX_CONCURRENT_AGENTS', 'AGENT_HEARTBEAT_INTERVAL']));
  });

  it('refuses the same invalid value in staging', async () => {
    const loaded = await loadServiceConfig(backendSchema, { ...stack(), env: launched({ ...COMPLETE_STAGING, PORT: 'eighty' }) });
    expect(loaded.fatal).toBe(true);
    expect(loaded.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'invalid-value', key: 'PORT', severity: 'error' })]));
  });

  it('treats an unknown ENVIRONMENT (prod) as fatal, resolving strictly as production', async () => {
    const loaded = await loadServiceConfig(backendSchema, { ...stack(), env: launched({ ...COMPLETE_STAGING, ENVIRONMENT: 'prod' }) });
    expect(loaded.profile).toBe('production');
    expect(loaded.fatal).toBe(true);
    expect(loaded.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'invalid-value', key: 'ENVIRONMENT', severity: 'error' })]));
  });
});

describe('loadServiceConfig, run by hand', () => {
  it('reads the service\'s own .env files and then the stack root\'s, most specific first', async () => {
    const dirs = stack(
      { '.env': 'PORT=9001\nLOG_LEVEL=warn\n', '.env.development': 'LOG_LEVEL=debug\n' },
      { '.env': 'PORT=9002\nMAX_CONCURRENT_AGENTS=4\nAGENT_HEARTBEAT_INTERVAL=1.5\n', '.env.staging': 'MAX_CONCURRENT_AGENTS=50\n' },
    );
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: {} });
    expect(loaded.profile).toBe('development');
    expect(loaded.config).toMatchObject({ PORT: 9001, LOG_LEVEL: 'debug', MAX_CONCURRENT_AGENTS: 4, AGENT_HEARTBEAT_INTERVAL: 1.5 });
  });

  it('lets the OS environment win over every file', async () => {
    const dirs = stack({ '.env': 'PORT=9001\n' }, { '.env': 'PORT=9002\n' });
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: { PORT: '9003' } });
    expect(loaded.config.PORT).toBe(9003);
  });

  it('names the file and line of an invalid value read from a file', async () => {
    const dirs = stack({ '.env': '# backend\nPORT=not-a-port\n' });
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: {} });
    const finding = loaded.findings.find((candidate) => candidate.rule === 'invalid-value' && candidate.key === 'PORT');
    expect(finding).toMatchObject({ file: join(dirs.serviceDir, '.env'), line: 2 });
    expect(formatFindingLine(finding ?? { rule: 'invalid-value', severity: 'error', message: '', suggestion: '' })).toContain(`${join(dirs.serviceDir, '.env')}:2`);
    expect(loaded.config.PORT).toBe(8000);
  });

  // Regression: an empty value was skipped without the default, so a backend run by hand listened on a random port.
  it('treats an empty value in a file (PORT=) as unset: the schema default applies', async () => {
    const dirs = stack({ '.env': 'PORT=\nMAX_CONCURRENT_AGENTS=\n' });
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: {} });
    expect(loaded.config.PORT).toBe(8000);
    expect(loaded.config.MAX_CONCURRENT_AGENTS).toBe(10);
  });

  it('generates missing secrets in development, stores them under the stack root and reuses them on the next start', async () => {
    const dirs = stack();
    const first = await loadServiceConfig(backendSchema, { ...dirs, env: {} });
    const stored = JSON.parse(readFileSync(join(dirs.stackRoot, '.stackdeck', FALLBACK_FILE), 'utf8')) as Record<string, string>;
    expect(first.config.JWT_SECRET_KEY).toBe(stored.JWT_SECRET_KEY);
    expect(first.config.SERVICE_SECRET).toBe(stored.SERVICE_SECRET);
    expect(String(first.config.JWT_SECRET_KEY).length).toBeGreaterThanOrEqual(32);
    expect(first.fatal).toBe(false);

    const second = await loadServiceConfig(backendSchema, { ...dirs, env: {} });
    expect(second.config.JWT_SECRET_KEY).toBe(first.config.JWT_SECRET_KEY);
  });

  it('reads the production files and generates nothing when ENVIRONMENT is production', async () => {
    const dirs = stack({ '.env.production': 'PORT=9100\n', '.env.development': 'PORT=9200\n' });
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: { ENVIRONMENT: 'production' } });
    expect(loaded.profile).toBe('production');
    expect(loaded.config.PORT).toBe(9100);
    expect(loaded.config.JWT_SECRET_KEY).toBeUndefined();
    expect(loaded.fatal).toBe(true);
    expect(existsSync(join(dirs.stackRoot, '.stackdeck'))).toBe(false);
  });

  it('in staging, reads no .env or .env.local: a value only they hold is missing, and an info finding names where it sits', async () => {
    const dirs = stack({ '.env.local': 'REDIS_URL=rediss://cache.example.com\n', '.env.staging': 'PORT=9100\n' }, { '.env': `JWT_SECRET_KEY=${SECRET_A}\n` });
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: { ...COMPLETE_STAGING, JWT_SECRET_KEY: '', REDIS_URL: '' } });
    expect(loaded.config.PORT).toBe(9100);
    expect(loaded.config.JWT_SECRET_KEY).toBeUndefined();
    expect(loaded.config.REDIS_URL).toBeUndefined();
    expect(loaded.fatal).toBe(true);
    const ignored = loaded.findings.filter((finding) => finding.rule === 'development-file-ignored');
    expect(ignored.map(({ key, file, line, severity }) => [key, file, line, severity])).toEqual(expect.arrayContaining([
      ['REDIS_URL', join(dirs.serviceDir, '.env.local'), 1, 'info'],
      ['JWT_SECRET_KEY', join(dirs.stackRoot, '.env'), 1, 'info'],
    ]));
  });

  it('takes ENVIRONMENT=testing (the seeds\' spelling) as the test profile: test files, no refusal', async () => {
    const dirs = stack({ '.env.test': 'PORT=9300\n', '.env.development': 'PORT=9200\n' });
    const loaded = await loadServiceConfig(backendSchema, { ...dirs, env: { ENVIRONMENT: 'testing' } });
    expect(loaded.profile).toBe('test');
    expect(loaded.config.PORT).toBe(9300);
    expect(loaded.fatal).toBe(false);
    expect(loaded.findings.filter((finding) => finding.key === 'ENVIRONMENT')).toEqual([]);
  });
});
