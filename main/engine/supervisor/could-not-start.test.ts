import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { describeSpawnFailure, quickExitMeansNotStarted } from './could-not-start.ts';

const tempDir = tempDirsForEachTest();

describe('describeSpawnFailure', () => {
  it('names the program, the PATH searched and the working directory', () => {
    const cwd = tempDir();
    expect(describeSpawnFailure({ program: 'pythn3', code: 'ENOENT', path: '/usr/bin:/bin', cwd })).toBe(`could not start pythn3: no such program (ENOENT); PATH searched: /usr/bin:/bin; working directory ${cwd}`);
    expect(describeSpawnFailure({ program: '/srv/run.sh', code: 'EACCES', path: '/usr/bin', cwd })).toBe(`could not start /srv/run.sh: permission denied (EACCES: not executable, or a folder); a path, so PATH was not searched; working directory ${cwd}`);
  });

  it('says when the working directory is what is missing (the OS reports ENOENT for it too)', () => {
    expect(describeSpawnFailure({ program: 'node', code: 'ENOENT', path: '/usr/bin', cwd: '/no/such/folder' })).toBe('could not start node: its working directory /no/such/folder does not exist');
  });
});

describe('quickExitMeansNotStarted', () => {
  it('reads 127 and 126 within a second as not started, anything else or later as a crash', () => {
    expect(quickExitMeansNotStarted({ code: 127, signal: null }, 40)).toMatch(/^exited with code 127 within 40 ms of starting: a program it runs was not found$/);
    expect(quickExitMeansNotStarted({ code: 126, signal: null }, 900)).toMatch(/could not be executed$/);
    expect(quickExitMeansNotStarted({ code: 127, signal: null }, 1_500)).toBeUndefined();
    expect(quickExitMeansNotStarted({ code: 1, signal: null }, 40)).toBeUndefined();
    expect(quickExitMeansNotStarted({ code: null, signal: 'SIGKILL' }, 40)).toBeUndefined();
  });
});
