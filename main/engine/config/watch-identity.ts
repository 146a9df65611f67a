import { statSync } from 'node:fs';
import { isInside, type WatchPlan } from './watch-plan.ts';

// What stands at a path: a directory's device, inode and birth time (file systems reuse a freed inode at
// once, so the inode alone cannot tell a replaced folder from the old one), or that there is none.
export type FolderIdentity = string;

// Chokidar keeps watching a folder's old inode when a script replaces it under the same name
// (rm -rf envs && mv envs.new envs); only comparing identities tells that the watch went stale.
// Why: one look at every folder chokidar watches on the way to the env folders, to compare with the next.
export function folderIdentities(plan: WatchPlan, identify: (path: string) => FolderIdentity = identifyFolder): Map<string, FolderIdentity> {
  const identities = new Map<string, FolderIdentity>();
  for (const path of plan.chain) {
    if (plan.anchors.some((anchor) => anchor === path || isInside(path, anchor))) identities.set(path, identify(path));
  }
  return identities;
}

// Why: the folders that came, went or were replaced since the last look are what the listener must re-read.
export function changedFolders(before: ReadonlyMap<string, FolderIdentity>, after: ReadonlyMap<string, FolderIdentity>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

// A folder that merely appeared is followed by chokidar through the watch on its parent.
// Why: a folder that was there and is now gone or another one may hold a dead native watch: start over.
export function isGoneOrReplaced(before: FolderIdentity | undefined, after: FolderIdentity | undefined): boolean {
  return before !== undefined && isFolder(before) && before !== after;
}

// Why: the two non-folder identities are the only ones that cannot hold a watch.
export function isFolder(identity: FolderIdentity): boolean {
  return identity !== 'absent' && identity !== 'not a folder';
}

// Why: device and inode say which folder; the birth time tells a new folder that got a freed inode.
export function identifyFolder(path: string): FolderIdentity {
  try {
    const stats = statSync(path, { bigint: true });
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}:${stats.birthtimeNs}` : 'not a folder';
  } catch {
    return 'absent';
  }
}
