import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { listEnvFiles } from './list-env-files.ts';

const tempDir = tempDirsForEachTest();

describe('listEnvFiles', () => {
  it('lists the .env and .env.* entries of a folder, sorted, as full paths', () => {
    const dir = tempDir({ '.env.local': '', '.env': '', '.envrc': '', 'main.ts': '', '.env.production/inner': '' });
    expect(listEnvFiles(dir)).toEqual([join(dir, '.env'), join(dir, '.env.local'), join(dir, '.env.production')]);
  });

  it('lists nothing for a folder that is not there, or is a file', () => {
    const dir = tempDir({ file: '' });
    expect(listEnvFiles(join(dir, 'missing'))).toEqual([]);
    expect(listEnvFiles(join(dir, 'file'))).toEqual([]);
  });
});
