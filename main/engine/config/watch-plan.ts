import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { isEnvFileName } from './env-file-name.ts';

export interface WatchPlan {
  // What chokidar is given: the nearest existing folder at or above the stack root, or above any other top-most env folder.
  anchors: string[];
  // The env folders: a `.env` or `.env.*` directly inside one is what counts.
  folders: ReadonlySet<string>;
  // The env folders and all their ancestors: the only folders chokidar may descend through.
  chain: ReadonlySet<string>;
}

// Why: watch only where env files can be (bounded resources), yet notice folders that appear or vanish later.
export function planWatch(folders: readonly string[], root: string, isDirectory: (path: string) => boolean = isExistingDirectory): WatchPlan {
  const unique = [...new Set(folders)];
  const tops = unique.filter((folder) => !unique.some((other) => isInside(folder, other)));
  // The stack root is trusted to stay; any other top-most env folder (--env-dir, a service folder elsewhere) is
  // watched from its parent, so that deleting and re-creating it is seen as a change of the parent's listing.
  const anchors = [...new Set(tops.map((top) => nearestExisting(top === root ? top : dirname(top), isDirectory)))];
  const chain = new Set<string>();
  for (const folder of unique) for (const path of selfAndAncestors(folder)) chain.add(path);
  return { anchors: anchors.filter((anchor) => !anchors.some((other) => isInside(anchor, other))), folders: new Set(unique), chain };
}

// Why: a `.env` or `.env.*` entry directly in an env folder is a change to report, whatever now stands there.
export function isEnvFilePath(plan: WatchPlan, path: string): boolean {
  return plan.folders.has(dirname(path)) && isEnvFileName(basename(path));
}

// Why: chokidar's `ignored`, inverted; anything else is never read or watched (node_modules stays out).
export function isWatchedPath(plan: WatchPlan, path: string): boolean {
  return plan.chain.has(path) || isEnvFilePath(plan, path);
}

function nearestExisting(path: string, isDirectory: (path: string) => boolean): string {
  for (const candidate of selfAndAncestors(path)) if (isDirectory(candidate)) return candidate;
  return path;
}

function selfAndAncestors(path: string): string[] {
  const paths = [path];
  for (let current = path, parent = dirname(path); parent !== current; current = parent, parent = dirname(parent)) paths.push(parent);
  return paths;
}

// Why: `startsWith('..')` would take a folder named `..x` for one outside; strictly below `parent` only.
export function isInside(path: string, parent: string): boolean {
  const rel = relative(parent, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function isExistingDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
