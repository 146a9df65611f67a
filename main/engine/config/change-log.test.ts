import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeLogSchema, describeChangeEntry, type ChangeLogEntry } from '../../../shared/api/change-log.ts';
import { demoServices } from '../../../shared/config/testing/demo-stack.ts';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { attachChangeLog } from './change-log.ts';
import { LiveConfig } from './live-config.ts';
import { waitFor } from './testing/wait-for.ts';

const tempDir = tempDirsForEachTest();
const opened: LiveConfig[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((live) => live.close()));
});

const SHORT_SECRET = 'tiny-jwt-secret-123';

// A demo stack on disk, its LiveConfig, and the change log hooked to it as the engine hooks it.
async function loggedStack(files: Record<string, string>, limit?: number) {
  const root = tempDir(files);
  const live = await LiveConfig.open({
    root, profile: 'development', osEnv: {}, stateDir: join(root, '.state'), services: demoServices(), displayPath: (path) => relative(root, path),
  });
  opened.push(live);
  const heard: ChangeLogEntry[] = [];
  const { log } = attachChangeLog(live, (entry) => heard.push(entry), limit);
  const write = (path: string, content: string) => writeFileSync(join(root, path), content);
  const nextEntry = async () => {
    const from = heard.length;
    return waitFor('a change-log entry', () => heard[from]);
  };
  return { root, live, log, heard, write, nextEntry };
}

describe('the session change log', () => {
  it('logs an edit that adds an error: time, file:line, key, before/after, the finding added, the score lowered, a regression', async () => {
    const { live, log, write, nextEntry } = await loggedStack({ 'services/auth/.env': 'ACCESS_TOKEN_TTL_SECONDS=900\n' });
    await live.watch();
    const pending = nextEntry();
    write('services/auth/.env', '# shorter tokens\nACCESS_TOKEN_TTL_SECONDS=ten\n');
    const entry = await pending;
    expect(entry.files).toEqual([join('services/auth/.env')]);
    expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    expect(entry.changes).toEqual([{
      service: 'auth',
      key: 'ACCESS_TOKEN_TTL_SECONDS',
      before: { value: '900', source: { kind: 'file', file: join('services/auth/.env'), line: 1 } },
      after: { value: 'ten', source: { kind: 'file', file: join('services/auth/.env'), line: 2 } },
    }]);
    expect(entry.findingsAdded).toEqual([expect.objectContaining({ rule: 'invalid-value', severity: 'error', service: 'auth', key: 'ACCESS_TOKEN_TTL_SECONDS' })]);
    expect(entry.findingsCleared).toEqual([]);
    expect(entry.scores).toEqual([{ service: 'auth', before: expect.any(Number), after: expect.any(Number) }]);
    expect(entry.scores.map((score) => score.before - score.after)).toEqual([20]);
    expect(entry).toMatchObject({ id: 1, regression: true, seen: false });
    expect(describeChangeEntry(entry)).toMatch(/^services\/auth\/\.env \(ACCESS_TOKEN_TTL_SECONDS\): 1 new error; auth health \d+ → \d+$/);
    expect(ChangeLogSchema.parse(log.view()).entries).toEqual([entry]);

    // The fix clears the finding: logged, not a regression, nothing to acknowledge.
    const fixed = nextEntry();
    write('services/auth/.env', '# shorter tokens\nACCESS_TOKEN_TTL_SECONDS=600\n');
    const fix = await fixed;
    expect(fix.findingsCleared).toEqual([expect.objectContaining({ rule: 'invalid-value', key: 'ACCESS_TOKEN_TTL_SECONDS' })]);
    expect(fix.findingsAdded).toEqual([]);
    expect(fix).toMatchObject({ id: 2, regression: false, seen: true });
    expect(fix.scores.map((score) => score.after - score.before)).toEqual([20]);
  });

  it('masks a secret on both sides and names the warning its shortness adds (a lowered score is a regression too)', async () => {
    const { live, log, write, nextEntry } = await loggedStack({ 'services/auth/.env': '' });
    await live.watch();
    const pending = nextEntry();
    write('services/auth/.env', `JWT_SECRET_KEY=${SHORT_SECRET}\n`);
    const entry = await pending;
    const change = entry.changes.find((candidate) => candidate.key === 'JWT_SECRET_KEY');
    expect(change?.after).toEqual({ value: '***', source: { kind: 'file', file: join('services/auth/.env'), line: 1 } });
    expect(entry.findingsAdded).toContainEqual(expect.objectContaining({ rule: 'secret-too-short', severity: 'warning', key: 'JWT_SECRET_KEY' }));
    expect(entry.regression).toBe(true);
    expect(JSON.stringify(log.view())).not.toContain(SHORT_SECRET);
    expect(describeChangeEntry(entry)).not.toContain(SHORT_SECRET);
  });

  it('does not log overrides or profile switches, yet charges a later edit only with its own effect', async () => {
    const { live, log, root, write } = await loggedStack({ 'services/auth/.env': '' });
    await live.setOverride('auth', 'ACCESS_TOKEN_TTL_SECONDS', 'nope');
    await live.setProfile('test');
    expect(log.view().entries).toEqual([]);
    write('services/auth/.env', 'LOG_LEVEL=debug\n');
    const diff = await live.reload([join(root, 'services/auth/.env')]);
    expect(diff.changes.map((change) => change.key)).toEqual(['LOG_LEVEL']);
    const [entry] = log.view().entries;
    expect(entry?.changes.map((change) => change.key)).toEqual(['LOG_LEVEL']);
    expect(entry?.findingsAdded).toEqual([]);
    expect(entry?.regression).toBe(false);
  });

  it('counts a finding whose line only moved as neither added nor cleared', async () => {
    const { log, root, write, live } = await loggedStack({ 'services/auth/.env': 'ACCESS_TOKEN_TTL_SECONDS=ten\n' });
    write('services/auth/.env', '# a comment above\nACCESS_TOKEN_TTL_SECONDS=ten\n');
    await live.reload([join(root, 'services/auth/.env')]);
    const [entry] = log.view().entries;
    expect(entry?.changes.map((change) => change.after?.source?.line)).toEqual([2]);
    expect([entry?.findingsAdded, entry?.findingsCleared, entry?.scores, entry?.regression]).toEqual([[], [], [], false]);
  });

  it('logs nothing for an edit that changed nothing (a comment at the end)', async () => {
    const { log, root, write, live } = await loggedStack({ 'services/auth/.env': 'LOG_LEVEL=info\n' });
    write('services/auth/.env', 'LOG_LEVEL=info\n# nothing\n');
    await live.reload([join(root, 'services/auth/.env')]);
    expect(log.view().entries).toEqual([]);
  });

  it('keeps only the last entries (bounded), ids still rising', async () => {
    const { log, root, write, live } = await loggedStack({ 'services/auth/.env': '' }, 3);
    for (const level of ['debug', 'info', 'warn', 'error', 'debug']) {
      write('services/auth/.env', `LOG_LEVEL=${level}\n`);
      await live.reload([join(root, 'services/auth/.env')]);
    }
    expect(log.view()).toMatchObject({ limit: 3, entries: [{ id: 3 }, { id: 4 }, { id: 5 }] });
  });

  it('marks regressions seen up to an id, then all, returning only those that changed', async () => {
    const { log, root, write, live } = await loggedStack({ 'services/auth/.env': '' });
    for (const ttl of ['a', '1', 'b', 'c']) {
      write('services/auth/.env', `ACCESS_TOKEN_TTL_SECONDS=${ttl}\nOAUTH_HMAC_SECRET=${ttl === 'c' ? 'short' : 'x'.repeat(40)}\n`);
      await live.reload([join(root, 'services/auth/.env')]);
    }
    expect(log.view().entries.map((entry) => [entry.id, entry.regression, entry.seen])).toEqual([[1, true, false], [2, false, true], [3, true, false], [4, true, false]]);
    expect(log.markSeen(3).map((entry) => entry.id)).toEqual([1, 3]);
    expect(log.markSeen().map((entry) => entry.id)).toEqual([4]);
    expect(log.markSeen()).toEqual([]);
    expect(log.view().entries.every((entry) => entry.seen)).toBe(true);
  });
});
