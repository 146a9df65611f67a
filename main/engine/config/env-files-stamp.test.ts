import { renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { changedEnvFiles, envFilesStamp } from './env-files-stamp.ts';

const tempDir = tempDirsForEachTest();

describe('envFilesStamp', () => {
  const stackOf = (root: string) => ({ root, services: [{ name: 'api', envDir: 'api' }] });

  it('stays the same while nothing changes, and not for files that are not env files', () => {
    const root = tempDir({ '.env': 'A=1\n', 'api/.env.local': 'B=2\n', 'api/main.ts': '' });
    const before = envFilesStamp(stackOf(root));
    writeFileSync(join(root, 'api/main.ts'), 'changed');
    expect(changedEnvFiles(before, envFilesStamp(stackOf(root)))).toEqual([]);
  });

  it('names the one env file written (same size, same mtime too), added, removed or replaced by a rename', () => {
    const root = tempDir({ '.env': 'A=1\n', 'api/.env': 'B=2\n' });
    const steps: [string, () => void][] = [
      ['written with the same size, its mtime put back', () => {
        const { atime, mtime } = statSync(join(root, 'api/.env'));
        writeFileSync(join(root, 'api/.env'), 'B=3\n');
        utimesSync(join(root, 'api/.env'), atime, mtime);
      }],
      ['added', () => writeFileSync(join(root, 'api/.env.development'), 'C=1\n')],
      ['removed', () => rmSync(join(root, '.env'))],
      ['replaced by a rename', () => {
        writeFileSync(join(root, 'api/.env.next'), 'B=3\n');
        renameSync(join(root, 'api/.env.next'), join(root, 'api/.env'));
      }],
    ];
    for (const [what, step] of steps) {
      const before = envFilesStamp(stackOf(root));
      step();
      expect({ what, changed: changedEnvFiles(before, envFilesStamp(stackOf(root))).length }).toEqual({ what, changed: 1 });
    }
  });
});
