import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeLogSchema } from '../../../shared/api/change-log.ts';
import { EngineEventSchema } from '../../../shared/api/engine-contract.ts';
import { REPO_ROOT, eventually, startTestStack, type TestStack } from '../testing/test-stack.ts';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

// The real auth service's schema; nothing is started: the change log needs only the engine's watch.
const authOnly = {
  services: { auth: { command: ['node', join(REPO_ROOT, 'services/auth/main.ts')], envDir: 'services/auth', schema: join(REPO_ROOT, 'services/auth/stackdeck.variables.json'), port: { variable: 'PORT' } } },
};
const SHORT_SECRET = 'short-jwt-secret-77';

describe('engine: the session change log through the contract', () => {
  it('announces an env-file edit as a changeLogEntry, answers the changeLog query, and takes markChangesSeen', async () => {
    const stack = await startTestStack(authOnly, { 'services/auth/.env': 'ACCESS_TOKEN_TTL_SECONDS=900\n' });
    stacks.push(stack);
    writeFileSync(join(stack.root, 'services/auth/.env'), `ACCESS_TOKEN_TTL_SECONDS=soon\nJWT_SECRET_KEY=${SHORT_SECRET}\n`);
    const announced = await eventually(() => stack.events.find((event) => event.type === 'changeLogEntry'), 'a changeLogEntry event');
    expect(() => EngineEventSchema.parse(announced)).not.toThrow();
    if (announced.type !== 'changeLogEntry') throw new Error('unreachable');
    expect(announced.entry).toMatchObject({ id: 1, files: ['services/auth/.env'], regression: true, seen: false });
    const byKey = [...announced.entry.changes].sort((x, y) => x.key.localeCompare(y.key));
    expect(byKey.map((change) => [change.key, change.before?.source?.kind, change.before?.value, change.after?.value, change.after?.source?.line])).toEqual([
      ['ACCESS_TOKEN_TTL_SECONDS', 'file', '900', 'soon', 1],
      // Before: the generated development fallback, masked as well.
      ['JWT_SECRET_KEY', 'fallback', '***', '***', 2],
    ]);
    expect(announced.entry.findingsAdded.map((finding) => finding.rule).sort()).toEqual(['invalid-value', 'secret-too-short']);

    const log = ChangeLogSchema.parse(await stack.engine.query({ type: 'changeLog' }));
    expect(log.entries).toEqual([announced.entry]);
    expect(JSON.stringify([log, stack.events])).not.toContain(SHORT_SECRET);

    expect((await stack.engine.command({ type: 'markChangesSeen' })).message).toBe('1 change marked seen');
    const seen = await eventually(() => stack.events.find((event) => event.type === 'changeLogEntry' && event.entry.seen), 'the entry announced as seen');
    expect(seen.type === 'changeLogEntry' && seen.entry.id).toBe(1);
    expect((await stack.engine.query({ type: 'changeLog' })).entries.map((entry) => entry.seen)).toEqual([true]);
  }, 30_000);
});
