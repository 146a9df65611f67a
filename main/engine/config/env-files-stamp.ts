import { statSync } from 'node:fs';
import { envFolderList, envFolders, type EnvFolderOptions } from './env-folders.ts';
import { listEnvFiles } from './list-env-files.ts';

// Why: whether an env file of the stack came, went, was replaced or written between two moments, without reading any: the
// files the watch reports (every env file of the env folders), each by inode, size and change times (nanoseconds).
export function envFilesStamp(options: EnvFolderOptions): string {
  return envFolderList(envFolders(options)).flatMap((folder) => listEnvFiles(folder).map((path) => {
    try {
      const stat = statSync(path, { bigint: true });
      return `${path}\0${stat.ino}\0${stat.size}\0${stat.mtimeNs}\0${stat.ctimeNs}`;
    } catch {
      return `${path}\0gone`;
    }
  })).join('\n');
}
