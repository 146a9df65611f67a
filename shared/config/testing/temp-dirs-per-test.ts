import { afterEach } from 'vitest';
import { makeTempDir } from './temp-dir.ts';

// A maker of fresh folders with real files, each removed after the test that made it.
export function tempDirsForEachTest(): (files?: Record<string, string | Buffer>) => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return (files = {}) => {
    const { dir, cleanup } = makeTempDir(files);
    cleanups.push(cleanup);
    return dir;
  };
}
