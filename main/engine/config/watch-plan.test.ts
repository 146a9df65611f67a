import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEnvFilePath, isInside, isWatchedPath, planWatch } from './watch-plan.ts';

const root = resolve('/stack');
const auth = join(root, 'services', 'auth');
const backend = join(root, 'services', 'backend');
const existing = (...paths: string[]) => (path: string) => paths.includes(path) || paths.some((known) => isInside(known, path));

describe('planWatch', () => {
  it('anchors at the stack root, covering the service folders below it', () => {
    const plan = planWatch([root, auth, backend], root, existing(auth, backend));
    expect(plan.anchors).toEqual([root]);
  });

  it('anchors an env dir at its parent, so that the env dir may vanish and come back', () => {
    const envs = join(root, 'envs');
    expect(planWatch([envs, join(envs, 'auth')], root, existing(envs)).anchors).toEqual([root]);
  });

  it('anchors at the nearest existing ancestor of a folder whose parent does not exist yet', () => {
    const envs = join(root, 'config', 'envs');
    expect(planWatch([envs, join(envs, 'auth')], root, existing(root)).anchors).toEqual([root]);
    expect(planWatch([envs], root, existing(join(root, 'config'))).anchors).toEqual([join(root, 'config')]);
  });

  it('anchors a service folder outside the stack root at its own parent', () => {
    const elsewhere = resolve('/elsewhere/api');
    expect(planWatch([root, elsewhere], root, existing(root, elsewhere)).anchors).toEqual([root, resolve('/elsewhere')]);
  });

  it('watches the chain down to each folder and the .env files in it, nothing else', () => {
    const plan = planWatch([root, auth, backend], root, existing(auth, backend));
    for (const path of [root, join(root, 'services'), auth, join(auth, '.env'), join(auth, '.env.development.local'), join(root, '.env.local')]) {
      expect(isWatchedPath(plan, path), path).toBe(true);
    }
    for (const path of [join(root, 'node_modules'), join(auth, 'node_modules'), join(auth, 'main.ts'), join(auth, '.envrc'), join(auth, '.env', 'inner'), join(root, 'services', '.env')]) {
      expect(isWatchedPath(plan, path), path).toBe(false);
    }
    expect(isEnvFilePath(plan, join(auth, '.env.local'))).toBe(true);
    expect(isEnvFilePath(plan, join(root, 'services'))).toBe(false);
  });

  it('covers every folder with exactly one anchor that is watched itself (property)', () => {
    const segment = fc.constantFrom('a', 'b', 'c', '..b');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => join(root, ...parts));
    fc.assert(fc.property(fc.array(path, { minLength: 1, maxLength: 5 }), fc.array(path, { maxLength: 5 }), fc.boolean(), (folders, present, withRoot) => {
      const plan = planWatch(withRoot ? [root, ...folders] : folders, root, existing(...present));
      for (const anchor of plan.anchors) expect(isWatchedPath(plan, anchor)).toBe(true);
      for (const anchor of plan.anchors) expect(plan.anchors.some((other) => isInside(anchor, other))).toBe(false);
      for (const folder of plan.folders) {
        expect(plan.anchors.filter((anchor) => anchor === folder || isInside(folder, anchor))).toHaveLength(1);
      }
    }));
  });
});

describe('isInside', () => {
  it('is strict and not fooled by names starting with two dots', () => {
    expect(isInside(join(root, 'a'), root)).toBe(true);
    expect(isInside(root, root)).toBe(false);
    expect(isInside(join(root, '..a'), root)).toBe(true);
    expect(isInside(resolve('/other'), root)).toBe(false);
  });
});
