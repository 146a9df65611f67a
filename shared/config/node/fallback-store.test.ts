import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { FALLBACK_FILE, openFallbackStore } from './fallback-store.ts';

const tempDir = tempDirsForEachTest();

// What a restart would find on disk.
function storedValues(stateDir: string): Record<string, string> {
  return JSON.parse(readFileSync(join(stateDir, FALLBACK_FILE), 'utf8')) as Record<string, string>;
}

describe('openFallbackStore', () => {
  it('generates a secret of at least 32 characters', () => {
    const store = openFallbackStore(join(tempDir(), 'state'));
    expect(store.secretFor('JWT_SECRET_KEY').value.length).toBeGreaterThanOrEqual(32);
    expect(store.problems).toEqual([]);
  });

  it('returns the same value on every call, whichever service asks: one value per key', () => {
    const store = openFallbackStore(join(tempDir(), 'state'));
    const forAuth = store.secretFor('JWT_SECRET_KEY');
    const forBackend = store.secretFor('JWT_SECRET_KEY');
    expect(forBackend).toEqual(forAuth);
    expect(store.secretFor('JWT_SECRET_KEY').value).toBe(forAuth.value);
  });

  it('gives different keys different values', () => {
    const store = openFallbackStore(join(tempDir(), 'state'));
    const values = ['JWT_SECRET_KEY', 'SERVICE_SECRET', 'SECRET_KEY', 'OAUTH_HMAC_SECRET'].map((key) => store.secretFor(key).value);
    expect(new Set(values).size).toBe(values.length);
  });

  it('persists every value to <stateDir>/fallback-secrets.json with file mode 0600, creating the dir', () => {
    const stateDir = join(tempDir(), 'nested', 'state');
    const store = openFallbackStore(stateDir);
    const jwt = store.secretFor('JWT_SECRET_KEY');
    const service = store.secretFor('SERVICE_SECRET');
    expect(jwt.store).toBe(join(stateDir, FALLBACK_FILE));
    expect(storedValues(stateDir)).toEqual({ JWT_SECRET_KEY: jwt.value, SERVICE_SECRET: service.value });
    expect(statSync(join(stateDir, FALLBACK_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(stateDir)).toEqual([FALLBACK_FILE]);
  });

  it('writes nothing until a value is asked for', () => {
    const stateDir = join(tempDir(), 'state');
    openFallbackStore(stateDir);
    expect(existsSync(stateDir)).toBe(false);
  });

  it('reuses the stored values in a second store opened on the same dir (a restart)', () => {
    const stateDir = join(tempDir(), 'state');
    const first = openFallbackStore(stateDir);
    const jwt = first.secretFor('JWT_SECRET_KEY').value;
    const service = first.secretFor('SERVICE_SECRET').value;
    const restarted = openFallbackStore(stateDir);
    expect(restarted.secretFor('JWT_SECRET_KEY').value).toBe(jwt);
    expect(restarted.secretFor('SERVICE_SECRET').value).toBe(service);
    expect(restarted.problems).toEqual([]);
  });

  it('keeps the old values when a restarted store adds a new key', () => {
    const stateDir = join(tempDir(), 'state');
    const jwt = openFallbackStore(stateDir).secretFor('JWT_SECRET_KEY').value;
    const secretKey = openFallbackStore(stateDir).secretFor('SECRET_KEY').value;
    expect(storedValues(stateDir)).toEqual({ JWT_SECRET_KEY: jwt, SECRET_KEY: secretKey });
  });

  it('warns about a corrupt JSON file, never throws, and makes new values that then survive a restart', () => {
    const root = tempDir({ [`state/${FALLBACK_FILE}`]: '{"JWT_SECRET_KEY": "truncated' });
    const stateDir = join(root, 'state');
    const store = openFallbackStore(stateDir);
    expect(store.problems).toEqual([expect.objectContaining({ rule: 'fallback-used', severity: 'warning', file: join(stateDir, FALLBACK_FILE) })]);
    const value = store.secretFor('JWT_SECRET_KEY').value;
    expect(value.length).toBeGreaterThanOrEqual(32);
    const restarted = openFallbackStore(stateDir);
    expect(restarted.problems).toEqual([]);
    expect(restarted.secretFor('JWT_SECRET_KEY').value).toBe(value);
  });

  it.each([
    ['an array', '["a", "b"]'],
    ['null', 'null'],
    ['a string', '"JWT_SECRET_KEY"'],
    ['a number value', '{"JWT_SECRET_KEY": 42}'],
    ['a too short secret', '{"JWT_SECRET_KEY": "short"}'],
  ])('warns about a file of the wrong shape (%s) and makes a new value', (_name, text) => {
    const root = tempDir({ [`state/${FALLBACK_FILE}`]: text });
    const store = openFallbackStore(join(root, 'state'));
    expect(store.problems).toEqual([expect.objectContaining({ rule: 'fallback-used', severity: 'warning', file: join(root, 'state', FALLBACK_FILE) })]);
    const { value } = store.secretFor('JWT_SECRET_KEY');
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(value).not.toBe('short');
  });

  it('warns when the state dir is a regular file, and still returns stable values', () => {
    const root = tempDir({ state: 'not a directory\n' });
    const store = openFallbackStore(join(root, 'state'));
    const first = store.secretFor('JWT_SECRET_KEY').value;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(store.secretFor('JWT_SECRET_KEY').value).toBe(first);
    expect(store.secretFor('SERVICE_SECRET').value).not.toBe(first);
    expect(store.problems.length).toBeGreaterThan(0);
    for (const problem of store.problems) expect(problem).toMatchObject({ rule: 'fallback-used', severity: 'warning' });
    expect(store.problems.some((problem) => problem.message.includes('cannot be written'))).toBe(true);
    expect(readFileSync(join(root, 'state'), 'utf8')).toBe('not a directory\n');
  });

  it('warns when the store file is a directory, and still returns a value', () => {
    const root = tempDir();
    mkdirSync(join(root, 'state', FALLBACK_FILE), { recursive: true });
    const store = openFallbackStore(join(root, 'state'));
    expect(store.secretFor('SECRET_KEY').value.length).toBeGreaterThanOrEqual(32);
    expect(store.problems.length).toBeGreaterThan(0);
    for (const problem of store.problems) expect(problem).toMatchObject({ rule: 'fallback-used', severity: 'warning' });
  });

  // Regression: a failed rename used to leave `<file>.<pid>.tmp`, a copy of the secrets, in the state dir.
  it('leaves no temporary copy of the secrets behind when the rename fails', () => {
    const root = tempDir();
    mkdirSync(join(root, 'state', FALLBACK_FILE), { recursive: true });
    openFallbackStore(join(root, 'state')).secretFor('SECRET_KEY');
    expect(readdirSync(join(root, 'state'))).toEqual([FALLBACK_FILE]);
  });

  it('agrees with another store that wrote the same key first (two processes on one stack)', () => {
    const state = join(tempDir(), 'state');
    const engine = openFallbackStore(state);
    const check = openFallbackStore(state);
    const first = engine.secretFor('JWT_SECRET_KEY').value;
    expect(check.secretFor('JWT_SECRET_KEY').value).toBe(first);
    check.secretFor('SERVICE_SECRET');
    engine.secretFor('SECRET_KEY');
    const onDisk = JSON.parse(readFileSync(join(state, FALLBACK_FILE), 'utf8')) as Record<string, string>;
    expect(Object.keys(onDisk).sort()).toEqual(['JWT_SECRET_KEY', 'SECRET_KEY', 'SERVICE_SECRET']);
  });

  it('keeps the good entries when one stored value is unusable', () => {
    const state = join(tempDir(), 'state');
    const good = 'g'.repeat(48);
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, FALLBACK_FILE), JSON.stringify({ JWT_SECRET_KEY: good, SERVICE_SECRET: 'short', 'my.key': good }));
    const store = openFallbackStore(state);
    expect(store.secretFor('JWT_SECRET_KEY').value).toBe(good);
    expect(store.secretFor('my.key').value).toBe(good);
    expect(store.secretFor('SERVICE_SECRET').value).not.toBe('short');
    expect(store.problems).toEqual([expect.objectContaining({ rule: 'fallback-used', message: expect.stringContaining('SERVICE_SECRET') })]);
  });
});
