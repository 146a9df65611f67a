import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../profile.ts';
import type { ResolvedVariable } from '../resolve.ts';
import { DEMO_STACK_FACTS, demoServices } from '../testing/demo-stack.ts';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { FALLBACK_FILE } from './fallback-store.ts';
import { inspectStack, type InspectStackOptions, type StackInspection } from './inspect-stack.ts';

const tempDir = tempDirsForEachTest();

// Always a temp state dir: generated fallbacks must never land in the repository.
function inspect(root: string, options: Partial<InspectStackOptions> = {}): Promise<StackInspection> {
  return inspectStack({ root, profile: 'development', osEnv: {}, stateDir: join(root, 'state'), services: demoServices(), stack: DEMO_STACK_FACTS, ...options });
}

function variableOf(inspection: StackInspection, service: string, key: string): ResolvedVariable {
  const found = inspection.services.find((candidate) => candidate.service === service)?.variables.find((variable) => variable.key === key);
  if (!found) throw new Error(`${service} has no variable ${key}`);
  return found;
}

// Winner first, then what it shadowed: the chain `stackdeck env` shows, flattened for one toEqual.
function chainOf(variable: ResolvedVariable): { value: string; kind: string; file?: string; line?: number }[] {
  const winner = variable.source && variable.value !== undefined ? [{ value: variable.value, source: variable.source }] : [];
  return [...winner, ...variable.shadowed].map(({ value, source }) => ({ value, ...source }));
}

// The design's file order for the backend in development, most specific first: service dir, then stack root.
const FILES_IN_ORDER = [
  'services/backend/.env.development.local',
  'services/backend/.env.development',
  'services/backend/.env.local',
  'services/backend/.env',
  '.env.development.local',
  '.env.development',
  '.env.local',
  '.env',
];
const LAYERS = ['override', 'launcher', 'os', ...FILES_IN_ORDER];

// Sets `key` in each named layer with a value naming the layer; file layer i puts it on line i+1 (comments above).
async function inspectLayers(key: string, layers: readonly string[]): Promise<{ root: string; inspection: StackInspection }> {
  const valueIn = (layer: string) => `from ${layer}`;
  const files = Object.fromEntries(
    layers.filter((layer) => FILES_IN_ORDER.includes(layer)).map((file) => {
      const line = FILES_IN_ORDER.indexOf(file) + 1;
      return [file, `${'# padding\n'.repeat(line - 1)}${key}=${valueIn(file)}\n`];
    }),
  );
  const root = tempDir(files);
  const only = (layer: string) => (layers.includes(layer) ? { [key]: valueIn(layer) } : {});
  const inspection = await inspect(root, {
    overrides: { backend: only('override') },
    launcher: { backend: only('launcher') },
    osEnv: only('os'),
  });
  return { root, inspection };
}

// The chain inspectLayers should produce for these layers, in order, with absolute file paths.
function expectedChain(root: string, layers: readonly string[]) {
  return layers.map((layer) => FILES_IN_ORDER.includes(layer)
    ? { value: `from ${layer}`, kind: 'file', file: join(root, layer), line: FILES_IN_ORDER.indexOf(layer) + 1 }
    : { value: `from ${layer}`, kind: layer });
}

describe('inspectStack precedence', () => {
  it('ranks override > launcher > os > the eight files > default, keeping the whole chain with file and line', async () => {
    const { root, inspection } = await inspectLayers('LOG_LEVEL', LAYERS);
    const variable = variableOf(inspection, 'backend', 'LOG_LEVEL');
    expect(variable.value).toBe('from override');
    expect(variable.source).toEqual({ kind: 'override' });
    expect(chainOf(variable)).toEqual([...expectedChain(root, LAYERS), { value: 'info', kind: 'default' }]);
  });

  it('ranks every file above a development fallback, which comes last', async () => {
    const { root, inspection } = await inspectLayers('FRONTEND_URL', LAYERS);
    expect(chainOf(variableOf(inspection, 'backend', 'FRONTEND_URL'))).toEqual([
      ...expectedChain(root, LAYERS),
      { value: 'http://localhost:3000', kind: 'fallback' },
    ]);
  });

  it.each(LAYERS.map((layer, index) => [layer, index] as const))('lets %s win once every layer above it is gone', async (layer, index) => {
    const present = LAYERS.slice(index);
    const { root, inspection } = await inspectLayers('LOG_LEVEL', present);
    const variable = variableOf(inspection, 'backend', 'LOG_LEVEL');
    expect(variable.value).toBe(`from ${layer}`);
    expect(chainOf(variable)).toEqual([...expectedChain(root, present), { value: 'info', kind: 'default' }]);
  });

  it('falls back to the schema default when nothing sets a key', async () => {
    const { inspection } = await inspectLayers('LOG_LEVEL', []);
    expect(chainOf(variableOf(inspection, 'backend', 'LOG_LEVEL'))).toEqual([{ value: 'info', kind: 'default' }]);
  });

  it('reads the service\'s plain .env before the stack root\'s most specific file', async () => {
    const root = tempDir({ 'services/auth/.env': 'LOG_LEVEL=warn\n', '.env.development.local': 'LOG_LEVEL=debug\n' });
    const variable = variableOf(await inspect(root), 'auth', 'LOG_LEVEL');
    expect(chainOf(variable)).toEqual([
      { value: 'warn', kind: 'file', file: join(root, 'services/auth/.env'), line: 1 },
      { value: 'debug', kind: 'file', file: join(root, '.env.development.local'), line: 1 },
      { value: 'info', kind: 'default' },
    ]);
  });

  it('lets the last assignment in one file win and lists the earlier ones after it', async () => {
    const root = tempDir({ 'services/auth/.env': 'LOG_LEVEL=debug\nPORT=9000\nLOG_LEVEL=warn\n' });
    expect(chainOf(variableOf(await inspect(root), 'auth', 'LOG_LEVEL'))).toEqual([
      { value: 'warn', kind: 'file', file: join(root, 'services/auth/.env'), line: 3 },
      { value: 'debug', kind: 'file', file: join(root, 'services/auth/.env'), line: 1 },
      { value: 'info', kind: 'default' },
    ]);
  });

  it('ignores the files of another profile', async () => {
    const root = tempDir({ '.env.staging': 'LOG_LEVEL=error\n', 'services/auth/.env.production.local': 'LOG_LEVEL=fatal\n' });
    expect(chainOf(variableOf(await inspect(root), 'auth', 'LOG_LEVEL'))).toEqual([{ value: 'info', kind: 'default' }]);
  });

  it('keeps a launcher value for one service out of the other', async () => {
    const inspection = await inspect(tempDir(), { launcher: { backend: { PORT: '41234' } } });
    expect(variableOf(inspection, 'backend', 'PORT').value).toBe('41234');
    expect(variableOf(inspection, 'auth', 'PORT').source).toEqual({ kind: 'default' });
  });
});

describe('inspectStack and the OS environment', () => {
  it('never shows an OS variable that no service declares', async () => {
    const canary = `STACKDECK_CANARY_${process.pid}_${Date.now()}`;
    const inspection = await inspect(tempDir(), { osEnv: { [canary]: 'leak', AWS_SECRET_ACCESS_KEY: 'leak', LOG_LEVEL: 'warn' } });
    for (const service of inspection.services) {
      expect(service.variables.map((variable) => variable.key)).not.toContain(canary);
      expect(service.variables.map((variable) => variable.key)).not.toContain('AWS_SECRET_ACCESS_KEY');
      expect(variableOf(inspection, service.service, 'LOG_LEVEL').source).toEqual({ kind: 'os' });
    }
    const chains = inspection.services.flatMap((service) => service.variables.map((variable) => [variable.key, chainOf(variable)]));
    expect(JSON.stringify(chains)).not.toContain('leak');
  });

  it('takes an undeclared key from a service file but not from the OS', async () => {
    const root = tempDir({ 'services/auth/.env': '\nCUSTOM_FLAG=from-file\n' });
    const variable = variableOf(await inspect(root, { osEnv: { CUSTOM_FLAG: 'from-os' } }), 'auth', 'CUSTOM_FLAG');
    expect(variable.declared).toBe(false);
    expect(chainOf(variable)).toEqual([{ value: 'from-file', kind: 'file', file: join(root, 'services/auth/.env'), line: 2 }]);
  });
});

describe('inspectStack with envDir', () => {
  it('reads DIR/.env* for every service and DIR/<service>/.env* per service, not the root\'s files', async () => {
    const root = tempDir({ '.env': 'LOG_LEVEL=trace\n', 'services/auth/.env': 'PORT=1111\n' });
    const envDir = tempDir({
      '.env': 'LOG_LEVEL=warn\n',
      '.env.development': 'MAX_CONCURRENT_AGENTS=3\n',
      'auth/.env.local': '# auth\nPORT=7001\n',
      'backend/.env': 'PORT=7002\n',
    });
    const inspection = await inspect(root, { envDir });
    expect(chainOf(variableOf(inspection, 'auth', 'PORT'))).toEqual([
      { value: '7001', kind: 'file', file: join(envDir, 'auth/.env.local'), line: 2 },
      { value: '8081', kind: 'default' },
    ]);
    expect(chainOf(variableOf(inspection, 'backend', 'PORT'))[0]).toEqual({ value: '7002', kind: 'file', file: join(envDir, 'backend/.env'), line: 1 });
    for (const service of ['auth', 'backend']) {
      expect(variableOf(inspection, service, 'LOG_LEVEL').source).toEqual({ kind: 'file', file: join(envDir, '.env'), line: 1 });
    }
    expect(variableOf(inspection, 'backend', 'MAX_CONCURRENT_AGENTS').value).toBe('3');
    expect(inspection.files.map((file) => relative(envDir, file.path)).filter((path) => path.startsWith('..'))).toEqual([]);
  });
});

describe('inspectStack fallbacks', () => {
  it('gives auth and backend the identical generated JWT_SECRET_KEY, stored in stateDir and kept across runs', async () => {
    const root = tempDir();
    const first = await inspect(root);
    const auth = variableOf(first, 'auth', 'JWT_SECRET_KEY');
    const backend = variableOf(first, 'backend', 'JWT_SECRET_KEY');
    expect(auth.value?.length).toBeGreaterThanOrEqual(32);
    expect(backend.value).toBe(auth.value);
    expect(auth.source).toEqual({ kind: 'fallback', file: join(root, 'state', FALLBACK_FILE) });
    expect(JSON.parse(readFileSync(join(root, 'state', FALLBACK_FILE), 'utf8'))).toMatchObject({ JWT_SECRET_KEY: auth.value });
    const second = await inspect(root);
    expect(variableOf(second, 'backend', 'JWT_SECRET_KEY').value).toBe(auth.value);
    expect(variableOf(second, 'auth', 'SERVICE_SECRET').value).toBe(variableOf(first, 'backend', 'SERVICE_SECRET').value);
  });

  it.each(['development', 'test'] as const)('generates fallbacks in %s', async (profile) => {
    const inspection = await inspect(tempDir(), { profile });
    expect(variableOf(inspection, 'auth', 'JWT_SECRET_KEY').source?.kind).toBe('fallback');
    expect(variableOf(inspection, 'backend', 'FRONTEND_URL').source).toEqual({ kind: 'fallback' });
  });

  it.each(['staging', 'production'] as const)('never uses or writes a fallback in %s', async (profile: Profile) => {
    const root = tempDir({ [`services/backend/.env.${profile}`]: 'FRONTEND_URL=https://app.example.com\n' });
    const inspection = await inspect(root, { profile });
    for (const service of inspection.services) {
      for (const variable of service.variables) expect(chainOf(variable).map((candidate) => candidate.kind)).not.toContain('fallback');
    }
    expect(variableOf(inspection, 'auth', 'JWT_SECRET_KEY').value).toBeUndefined();
    expect(chainOf(variableOf(inspection, 'backend', 'FRONTEND_URL'))).toEqual([
      { value: 'https://app.example.com', kind: 'file', file: join(root, `services/backend/.env.${profile}`), line: 1 },
    ]);
    expect(existsSync(join(root, 'state'))).toBe(false);
  });

  it('asks for no generated value (and writes no store) when files set every generated secret', async () => {
    const secret = (name: string) => `${name}-`.padEnd(40, 'x');
    const root = tempDir({
      '.env': ['JWT_SECRET_KEY', 'SERVICE_SECRET', 'OAUTH_HMAC_SECRET', 'SECRET_KEY'].map((key) => `${key}=${secret(key)}\n`).join(''),
    });
    const inspection = await inspect(root);
    expect(chainOf(variableOf(inspection, 'auth', 'JWT_SECRET_KEY'))).toEqual([
      { value: secret('JWT_SECRET_KEY'), kind: 'file', file: join(root, '.env'), line: 1 },
    ]);
    expect(existsSync(join(root, 'state'))).toBe(false);
  });

  it('reports a corrupt fallback store as a fallback-used warning, through displayPath, and still resolves', async () => {
    const root = tempDir({ [`state/${FALLBACK_FILE}`]: 'not json' });
    const inspection = await inspect(root, { displayPath: (path) => relative(root, path) });
    expect(inspection.validation.findings).toContainEqual(expect.objectContaining({
      rule: 'fallback-used', severity: 'warning', file: join('state', FALLBACK_FILE),
    }));
    expect(variableOf(inspection, 'auth', 'JWT_SECRET_KEY').value?.length).toBeGreaterThanOrEqual(32);
  });
});

describe('inspectStack findings', () => {
  it('finds required-missing errors in staging with no files, and no fallback', async () => {
    const inspection = await inspect(tempDir(), { profile: 'staging' });
    for (const service of ['auth', 'backend']) {
      const findings = inspection.validation.services.find((candidate) => candidate.service === service)?.findings ?? [];
      const missing = findings.filter((finding) => finding.rule === 'required-missing').map((finding) => [finding.key, finding.severity]);
      expect(missing).toContainEqual(['JWT_SECRET_KEY', 'error']);
      expect(missing).toContainEqual(['SERVICE_SECRET', 'error']);
      expect(missing).toContainEqual(['POSTGRES_HOST', 'error']);
      expect(findings.map((finding) => finding.rule)).not.toContain('fallback-used');
    }
  });

  it('has no error findings for a fresh stack with no env files in development', async () => {
    const inspection = await inspect(tempDir());
    const all = [...inspection.validation.findings, ...inspection.validation.services.flatMap((service) => service.findings)];
    expect(all.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(inspection.files.every((file) => !file.exists)).toBe(true);
  });

  it('reports an unreadable env file as an env-file-parse finding of its service, without throwing', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'services/auth/.env'), { recursive: true });
    const inspection = await inspect(root);
    const auth = inspection.validation.services.find((service) => service.service === 'auth');
    expect(auth?.findings).toContainEqual(expect.objectContaining({ rule: 'env-file-parse', service: 'auth', file: join(root, 'services/auth/.env') }));
  });
});

describe('inspectStack with env-file dialects', () => {
  it("reads each service's files with its own dialect, and the stack root's once per dialect, expanding from the launcher and OS", async () => {
    const root = tempDir({
      '.env': 'SHARED=${FROM_LAUNCHER}-${FROM_OS}\n',
      'py/.env': 'HOST=db\nURL=postgres://${HOST}/app\n',
      'node/.env': 'HOST=db\nURL=postgres://${HOST}/app\n',
    });
    const inspection = await inspect(root, {
      services: [{ name: 'py', envDir: 'py', dialect: 'python-dotenv' }, { name: 'node', envDir: 'node' }],
      osEnv: { FROM_OS: 'os' },
      launcher: { py: { FROM_LAUNCHER: 'launched' } },
    });
    expect(variableOf(inspection, 'py', 'URL')).toMatchObject({ value: 'postgres://db/app', raw: 'postgres://${HOST}/app' });
    expect(variableOf(inspection, 'node', 'URL').value).toBe('postgres://${HOST}/app');
    const shared = variableOf(inspection, 'py', 'SHARED');
    expect(shared.value).toBe('launched-os');
    expect(shared.references).toEqual([
      { name: 'FROM_LAUNCHER', origin: { from: 'outside', source: { kind: 'launcher' } } },
      { name: 'FROM_OS', origin: { from: 'outside', source: { kind: 'os' } } },
    ]);
    expect(variableOf(inspection, 'node', 'SHARED').value).toBe('${FROM_LAUNCHER}-${FROM_OS}');
    expect(inspection.files.filter((file) => file.scope === 'stack' && file.path === join(root, '.env'))).toHaveLength(2);
  });

  it('reads a node-dotenv stack exactly as before: one read of each stack file, no expansion', async () => {
    const root = tempDir({ '.env': 'A=${B}\n' });
    const inspection = await inspect(root, { services: [{ name: 'one', envDir: 'one' }, { name: 'two', envDir: 'two' }] });
    expect(inspection.files.filter((file) => file.scope === 'stack')).toHaveLength(4);
    expect(variableOf(inspection, 'one', 'A')).not.toHaveProperty('raw');
  });
});
