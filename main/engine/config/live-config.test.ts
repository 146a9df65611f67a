import { demoServices } from '../../../shared/config/testing/demo-stack.ts';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigDiffSchema, type ConfigDiff } from '../../../shared/api/config-diff.ts';
import { EngineError } from '../../../shared/api/engine-contract.ts';
import type { Finding } from '../../../shared/config/finding.ts';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { LiveConfig, type LiveConfigOptions } from './live-config.ts';
import { waitFor } from './testing/wait-for.ts';

const tempDir = tempDirsForEachTest();
const opened: LiveConfig[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((live) => live.close()));
});

const OLD_SECRET = 'old-jwt-secret-0123456789-0123456789-abcdef';
const NEW_SECRET = 'new-jwt-secret-9876543210-9876543210-fedcba';

// A stack on disk, its LiveConfig watching it, and every diff it emits.
async function liveStack(files: Record<string, string | Buffer>, options: Partial<LiveConfigOptions> = {}) {
  const root = tempDir(files);
  const errors: Error[] = [];
  const live = await LiveConfig.open({
    root,
    profile: 'development',
    osEnv: {},
    stateDir: join(root, '.state'),
    services: demoServices(),
    displayPath: (path) => relative(root, path),
    onError: (error) => errors.push(error),
    ...options,
  });
  opened.push(live);
  const diffs: ConfigDiff[] = [];
  live.onDiff((diff) => diffs.push(diff));
  const write = (path: string, content: string | Buffer) => writeFileSync(join(root, path), content);
  // The first diff (from now on) that changes `key` of `service`.
  const changeOf = async (service: string, key: string) => {
    const from = diffs.length;
    return waitFor(`a change of ${service} ${key}`, () => {
      for (const diff of diffs.slice(from)) {
        const change = diff.changes.find((candidate) => candidate.service === service && candidate.key === key);
        if (change) return { diff, change };
      }
      return undefined;
    });
  };
  return { root, live, diffs, errors, write, changeOf };
}

// Stack-wide findings and each service's, as one list.
function findingsOf(live: LiveConfig): Finding[] {
  const { validation } = live.inspection;
  return [...validation.findings, ...validation.services.flatMap((service) => service.findings)];
}

// Starts watching, and marks a service running with the values it would get now, as the supervisor does.
async function running(live: LiveConfig, ...services: string[]) {
  await live.watch();
  for (const service of services) live.markStarted(service, live.valuesFor(service));
}

describe('LiveConfig', () => {
  it('reports an edit to a service\'s .env (key, old and new value, new file:line) and marks the running service stale', async () => {
    const { live, write, changeOf } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=info\n', 'services/backend/.env': '' });
    await running(live, 'auth', 'backend');
    const pending = changeOf('auth', 'LOG_LEVEL');
    write('services/auth/.env', '# louder\nLOG_LEVEL=debug\n');
    const { diff, change } = await pending;
    expect(change).toEqual({
      service: 'auth',
      key: 'LOG_LEVEL',
      before: { value: 'info', source: { kind: 'file', file: join('services/auth/.env'), line: 1 } },
      after: { value: 'debug', source: { kind: 'file', file: join('services/auth/.env'), line: 2 } },
    });
    expect(diff.files).toEqual([join('services/auth/.env')]);
    expect(diff.stale).toEqual([{ service: 'auth', keys: ['LOG_LEVEL'] }]);
    expect(live.staleKeys('auth')).toEqual(['LOG_LEVEL']);
    expect(live.staleKeys('backend')).toEqual([]);
    expect(() => ConfigDiffSchema.parse(diff)).not.toThrow();
  });

  it('clears staleness when the file is edited back', async () => {
    const { live, write, changeOf } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=info\n' });
    await running(live, 'auth');
    let pending = changeOf('auth', 'LOG_LEVEL');
    write('services/auth/.env', 'LOG_LEVEL=debug\n');
    expect((await pending).diff.stale).toEqual([{ service: 'auth', keys: ['LOG_LEVEL'] }]);
    pending = changeOf('auth', 'LOG_LEVEL');
    write('services/auth/.env', 'LOG_LEVEL=info\n');
    expect((await pending).diff.stale).toEqual([]);
    expect(live.staleKeys('auth')).toEqual([]);
  });

  it('never shows a secret\'s value when it changes, yet marks it stale', async () => {
    const { live, write, diffs, changeOf } = await liveStack({ 'services/auth/.env': `JWT_SECRET_KEY=${OLD_SECRET}\n` });
    await running(live, 'auth');
    const pending = changeOf('auth', 'JWT_SECRET_KEY');
    write('services/auth/.env', `JWT_SECRET_KEY=${NEW_SECRET}\n`);
    const { diff, change } = await pending;
    expect(change.before?.value).toBe('***');
    expect(change.after?.value).toBe('***');
    expect(diff.stale).toEqual([{ service: 'auth', keys: ['JWT_SECRET_KEY'] }]);
    const everything = JSON.stringify([diffs, live.report()]);
    expect(everything).not.toContain(OLD_SECRET);
    expect(everything).not.toContain(NEW_SECRET);
    expect(everything).not.toContain('jwt-secret');
  });

  it('notices a deleted file: the value falls back to what is left', async () => {
    const { root, live, changeOf } = await liveStack({ 'services/backend/.env': 'LOG_LEVEL=debug\n', '.env': 'LOG_LEVEL=warn\n' });
    await running(live, 'backend');
    const pending = changeOf('backend', 'LOG_LEVEL');
    rmSync(join(root, 'services/backend/.env'));
    const { diff, change } = await pending;
    expect(change.after).toEqual({ value: 'warn', source: { kind: 'file', file: '.env', line: 1 } });
    expect(diff.files).toEqual([join('services/backend/.env')]);
    expect(diff.stale).toEqual([{ service: 'backend', keys: ['LOG_LEVEL'] }]);
  });

  it('notices a file replaced by a directory: the value goes, a finding says why, nothing crashes', async () => {
    const { root, live, errors, changeOf } = await liveStack({ 'services/backend/.env': 'LOG_LEVEL=debug\n' });
    await running(live, 'backend');
    const pending = changeOf('backend', 'LOG_LEVEL');
    rmSync(join(root, 'services/backend/.env'));
    mkdirSync(join(root, 'services/backend/.env'));
    const { change } = await pending;
    expect(change.after).toEqual({ value: 'info', source: { kind: 'default' } });
    await waitFor('the directory finding', () => findingsOf(live).some((finding) => finding.rule === 'env-file-parse' && /is a directory/.test(finding.message)));
    expect(errors).toEqual([]);
  });

  it('notices a .env.local created later, which wins over .env', async () => {
    const { live, write, changeOf } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=info\n' });
    await running(live, 'auth');
    const pending = changeOf('auth', 'LOG_LEVEL');
    write('services/auth/.env.local', '\n\nLOG_LEVEL=error\n');
    const { change } = await pending;
    expect(change.after).toEqual({ value: 'error', source: { kind: 'file', file: join('services/auth/.env.local'), line: 3 } });
  });

  it('notices a service folder that did not exist when the watch started', async () => {
    const { root, live, write, changeOf } = await liveStack({ '.env': '' });
    await running(live);
    const pending = changeOf('backend', 'MAX_CONCURRENT_AGENTS');
    mkdirSync(join(root, 'services/backend'), { recursive: true });
    write('services/backend/.env', 'MAX_CONCURRENT_AGENTS=3\n');
    expect((await pending).change.after).toEqual({ value: '3', source: { kind: 'file', file: join('services/backend/.env'), line: 1 } });
  });

  it('shows an override set and cleared as source `override`, with staleness following it', async () => {
    const { live, diffs } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=info\n' });
    await running(live, 'auth');
    const set = await live.setOverride('auth', 'LOG_LEVEL', 'debug');
    expect(set.changes).toEqual([{
      service: 'auth',
      key: 'LOG_LEVEL',
      before: { value: 'info', source: { kind: 'file', file: join('services/auth/.env'), line: 1 } },
      after: { value: 'debug', source: { kind: 'override' } },
    }]);
    expect(set.files).toEqual([]);
    expect(set.stale).toEqual([{ service: 'auth', keys: ['LOG_LEVEL'] }]);
    expect(diffs).toContainEqual(set);
    const cleared = await live.clearOverride('auth', 'LOG_LEVEL');
    expect(cleared.changes.map((change) => [change.key, change.after?.source?.kind])).toEqual([['LOG_LEVEL', 'file']]);
    expect(cleared.stale).toEqual([]);
  });

  it('masks a secret override too', async () => {
    const { live } = await liveStack({});
    const diff = await live.setOverride('auth', 'SERVICE_SECRET', NEW_SECRET);
    expect(diff.changes.find((change) => change.key === 'SERVICE_SECRET')?.after).toEqual({ value: '***', source: { kind: 'override' } });
    expect(JSON.stringify(diff)).not.toContain(NEW_SECRET);
  });

  it('survives an invalid edit (binary garbage) with findings, and recovers when the file is fixed', async () => {
    const { live, write, errors, changeOf } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=debug\n' });
    await running(live, 'auth');
    let pending = changeOf('auth', 'LOG_LEVEL');
    write('services/auth/.env', Buffer.from([0x4c, 0x4f, 0x47, 0x00, 0xff, 0xfe, 0x0a, 0x00, 0x13, 0x37]));
    expect((await pending).change.after).toEqual({ value: 'info', source: { kind: 'default' } });
    const finding = findingsOf(live).find((candidate) => candidate.rule === 'env-file-parse');
    expect(finding).toMatchObject({ severity: 'error', file: join('services/auth/.env'), line: 1 });
    expect(live.report().services.find((service) => service.name === 'auth')?.findings).toContainEqual(expect.objectContaining({ rule: 'env-file-parse' }));
    pending = changeOf('auth', 'LOG_LEVEL');
    write('services/auth/.env', 'LOG_LEVEL=debug\n');
    expect((await pending).diff.stale).toEqual([]);
    expect(findingsOf(live).filter((candidate) => candidate.rule === 'env-file-parse')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('takes launcher values and a profile switch into account', async () => {
    const { live } = await liveStack({ 'services/backend/.env.test': 'LOG_LEVEL=warn\n' });
    const launched = await live.setLauncherValues('backend', { PORT: '8123' });
    expect(launched.changes).toContainEqual(expect.objectContaining({ service: 'backend', key: 'PORT', after: { value: '8123', source: { kind: 'launcher' } } }));
    expect(live.valuesFor('backend')).toMatchObject({ PORT: '8123' });
    const switched = await live.setProfile('test');
    expect(live.profile).toBe('test');
    expect(switched.changes).toContainEqual(expect.objectContaining({ service: 'backend', key: 'LOG_LEVEL', after: { value: 'warn', source: { kind: 'file', file: join('services/backend/.env.test'), line: 1 } } }));
  });

  // A start sets launcher values: with one scan of the services' code per start, a stack of big services cost every start a
  // walk of all of them. An env-loader call added to the code after the scan shows at the next full re-read.
  it('scans the services\' code again for launcher values only when its last scan is old; a reload always scans', async () => {
    const loaderCall = 'from dotenv import load_dotenv\nload_dotenv(".env.extra")\n';
    const loadersOf = (live: LiveConfig) => (live.inspection.loaders?.backend ?? []).map((loader) => loader.call);
    const recent = await liveStack({ 'services/backend/.env': 'LOG_LEVEL=warn\n' });
    recent.write('services/backend/app.py', loaderCall);
    await recent.live.setLauncherValues('backend', { PORT: '8123' });
    expect(recent.live.valuesFor('backend')).toMatchObject({ PORT: '8123' });
    expect(loadersOf(recent.live)).toEqual([]);
    await recent.live.reload();
    expect(loadersOf(recent.live)).toEqual(['load_dotenv(".env.extra")']);

    const old = await liveStack({ 'services/backend/.env': 'LOG_LEVEL=warn\n' }, { codeScansReuseMs: 0 });
    old.write('services/backend/app.py', loaderCall);
    await old.live.setLauncherValues('backend', { PORT: '8124' });
    expect(loadersOf(old.live)).toEqual(['load_dotenv(".env.extra")']);
  });

  it('applies concurrent updates in call order, each diff naming its own change', async () => {
    const { live } = await liveStack({});
    const [first, second] = await Promise.all([live.setOverride('auth', 'LOG_LEVEL', 'debug'), live.setOverride('auth', 'LOG_LEVEL', 'error')]);
    expect(first.changes.map((change) => change.after?.value)).toEqual(['debug']);
    expect(second.changes.map((change) => [change.before?.value, change.after?.value])).toEqual([['debug', 'error']]);
  });

  it('emits nothing for a reload that changed nothing', async () => {
    const { live, diffs } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=info\n' });
    const diff = await live.reload();
    expect(diff.changes).toEqual([]);
    expect(diffs).toEqual([]);
  });

  it('refuses unknown services with the engine\'s error code', async () => {
    const { live } = await liveStack({});
    expect(() => live.setOverride('nope', 'A', '1')).toThrow(EngineError);
    expect(() => live.markStarted('nope', {})).toThrow(expect.objectContaining({ code: 'unknown_service' }));
  });

  it('forgets a stopped service', async () => {
    const { live } = await liveStack({});
    live.markStarted('auth', { LOG_LEVEL: 'debug' });
    expect(live.staleKeys('auth')).not.toEqual([]);
    live.markStopped('auth');
    expect(live.staleKeys('auth')).toEqual([]);
    expect(live.stale()).toEqual([]);
  });

  it('keeps calling other listeners when one throws, passing its error on', async () => {
    const { live, errors } = await liveStack({});
    const seen: ConfigDiff[] = [];
    live.onDiff(() => {
      throw new Error('listener broke');
    });
    live.onDiff((diff) => seen.push(diff));
    await live.setOverride('auth', 'LOG_LEVEL', 'debug');
    expect(seen).toHaveLength(1);
    expect(errors.map((error) => error.message)).toEqual(['listener broke']);
  });

  it('stops after close: no more diffs, updates refused', async () => {
    const { live, diffs, write } = await liveStack({ 'services/auth/.env': 'LOG_LEVEL=info\n' });
    await live.watch();
    await live.watch();
    await live.close();
    write('services/auth/.env', 'LOG_LEVEL=debug\n');
    await expect(live.reload()).rejects.toThrow('closed');
    await expect(live.watch()).rejects.toThrow('closed');
    expect(diffs).toEqual([]);
  });
});
