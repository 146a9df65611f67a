import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { changedFolders, folderIdentities, identifyFolder, isFolder, isGoneOrReplaced } from './watch-identity.ts';
import { planWatch } from './watch-plan.ts';

const tempDir = tempDirsForEachTest();

describe('folderIdentities', () => {
  it('looks at the anchors and the chain below them, not above', () => {
    const root = tempDir({ 'services/auth/.env': '' });
    const plan = planWatch([root, join(root, 'services/auth')], root);
    expect([...folderIdentities(plan).keys()].sort()).toEqual([root, join(root, 'services'), join(root, 'services/auth')].sort());
  });

  it('tells a folder replaced under the same name from the one before', () => {
    const root = tempDir({ 'envs/auth/.env': 'A=1\n', 'next/auth/.env': 'A=2\n' });
    const envs = join(root, 'envs');
    const plan = planWatch([envs, join(envs, 'auth')], root);
    const before = folderIdentities(plan);
    rmSync(envs, { recursive: true });
    renameSync(join(root, 'next'), envs);
    expect(changedFolders(before, folderIdentities(plan))).toEqual([envs, join(envs, 'auth')]);
  });

  it('sees folders come and go, and says nothing when nothing moved', () => {
    const root = tempDir({ '.env': '' });
    const plan = planWatch([root, join(root, 'services/auth')], root);
    const before = folderIdentities(plan);
    expect(changedFolders(before, folderIdentities(plan))).toEqual([]);
    mkdirSync(join(root, 'services/auth'), { recursive: true });
    expect(changedFolders(before, folderIdentities(plan))).toEqual([join(root, 'services'), join(root, 'services/auth')]);
  });
});

describe('identifyFolder', () => {
  it('distinguishes a folder, a file and nothing', () => {
    const root = tempDir({ file: 'x' });
    expect(identifyFolder(root)).toMatch(/^\d+:\d+:\d+$/);
    expect(identifyFolder(join(root, 'file'))).toBe('not a folder');
    expect(identifyFolder(join(root, 'missing'))).toBe('absent');
    writeFileSync(join(root, 'other'), '');
    expect(identifyFolder(join(root, 'other', 'below'))).toBe('absent');
  });
});

describe('changedFolders', () => {
  it('counts a path known to one side only as changed', () => {
    expect(changedFolders(new Map([['/a', '1:1']]), new Map([['/a', '1:1'], ['/b', 'absent']]))).toEqual(['/b']);
  });
});

describe('isGoneOrReplaced', () => {
  it('is true only for a folder that went away or became another', () => {
    expect(isGoneOrReplaced('1:2:3', 'absent')).toBe(true);
    expect(isGoneOrReplaced('1:2:3', '1:2:4')).toBe(true);
    expect(isGoneOrReplaced('1:2:3', 'not a folder')).toBe(true);
    expect(isGoneOrReplaced('1:2:3', '1:2:3')).toBe(false);
    expect(isGoneOrReplaced('absent', '1:2:3')).toBe(false);
    expect(isGoneOrReplaced('not a folder', 'absent')).toBe(false);
    expect(isGoneOrReplaced(undefined, '1:2:3')).toBe(false);
  });

  it('knows a folder identity from the two non-folder ones', () => {
    expect([isFolder('1:2:3'), isFolder('absent'), isFolder('not a folder')]).toEqual([true, false, false]);
  });
});
