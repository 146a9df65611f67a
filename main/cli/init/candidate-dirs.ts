import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SKIPPED_DIRECTORIES } from '../../../shared/config/node/code-reads.ts';

// Why: services sit at the root or one or two folders down (api/, services/api/); deeper is a package's insides.
export async function candidateDirs(root: string, depth = 2): Promise<string[]> {
  const dirs = ['.'];
  let level = ['.'];
  for (let step = 0; step < depth; step++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = await readdir(join(root, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      if (dir !== '.' && entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) next.push(dir === '.' ? entry.name : `${dir}/${entry.name}`);
      }
    }
    dirs.push(...next);
    level = next;
  }
  return dirs;
}
