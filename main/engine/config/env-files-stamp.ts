import { statSync } from 'node:fs';
import { envFolderList, envFolders, type EnvFolderOptions } from './env-folders.ts';
import { listEnvFiles } from './list-env-files.ts';

// Each env file of the stack (path) and what it is now: inode, size and change times in ns.
export type EnvFilesStamp = ReadonlyMap<string, string>;

// Why: whether an env file of the stack came, went, was replaced or written between two moments, without reading any: the
// files the watch reports (every env file of the env folders), each by inode, size and change times (nanoseconds).
export function envFilesStamp(options: EnvFolderOptions): EnvFilesStamp {
  return new Map(envFolderList(envFolders(options)).flatMap((folder) => listEnvFiles(folder).map((path): [string, string] => {
    try {
      const stat = statSync(path, { bigint: true });
      return [path, `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`];
    } catch {
      return [path, 'gone'];
    }
  })));
}

// Why: the env files that differ between two stamps (added, removed or changed), sorted: what a watch would have named.
export function changedEnvFiles(before: EnvFilesStamp, after: EnvFilesStamp): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}
