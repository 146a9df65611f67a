import { join, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { envFolderList, envFolders, type EnvFolderOptions } from './env-folders.ts';
import { createPathBatcher } from './path-batcher.ts';
import { listEnvFiles } from './list-env-files.ts';
import { changedFolders, folderIdentities, isFolder, isGoneOrReplaced, type FolderIdentity } from './watch-identity.ts';
import { isEnvFilePath, isWatchedPath, planWatch } from './watch-plan.ts';

export interface WatchEnvFilesOptions extends EnvFolderOptions {
  // Called once per burst of changes with the paths touched (env files, or env folders that came, went or were replaced).
  onChange: (paths: string[]) => void | Promise<void>;
  // A watch error (no permission, inotify limit) or a listener that threw; the watcher keeps going.
  onError?: (error: Error) => void;
  debounceMs?: number;
}

export interface EnvFileWatcher {
  // Settles once the folders are being watched: changes made before it may go unnoticed.
  ready: Promise<void>;
  close(): Promise<void>;
  // Every path chokidar holds, for checking that the watch stays narrow.
  watchedPaths(): string[];
}

const DEFAULT_DEBOUNCE_MS = 100;
// A burst listing more files than this is still reported, just not every path of it.
const MAX_PATHS_PER_BATCH = 1000;

// Why: a developer's edit to any env file of the stack must reach the engine once, soon, without polling.
export function watchEnvFiles(options: WatchEnvFilesOptions): EnvFileWatcher {
  const folders = envFolderList(envFolders(options));
  const root = resolve(options.root);
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let closed = false;
  let current: { watcher: FSWatcher; identities: Map<string, FolderIdentity> } | undefined;
  let serial = Promise.resolve();
  let checkTimer: NodeJS.Timeout | undefined;
  // Folders on the chain that the OS said were created, removed or renamed since the last check.
  let renamed = new Set<string>();
  let signalClosed = () => {};
  // Chokidar drops its listeners on close, so a watcher closed while starting never says 'ready'.
  const closedSignal = new Promise<void>((resolve) => (signalClosed = resolve));

  const batcher = createPathBatcher({
    delayMs: debounceMs,
    maxWaitMs: debounceMs * 10,
    maxPaths: MAX_PATHS_PER_BATCH,
    flush: (paths) => {
      Promise.resolve().then(() => options.onChange(paths)).catch((error: unknown) => onError(asError(error)));
    },
  });

  // Runs one step at a time: a restart never overlaps another, nor close().
  const enqueue = (step: () => Promise<void>) => {
    serial = serial.then(step).catch((error: unknown) => onError(asError(error)));
    return serial;
  };

  // One chokidar instance per layout of folders: native events only, no polling, never below the env folders.
  const start = async (): Promise<void> => {
    // Loaded here, not with the engine: nothing waits for the watch on `up`'s path to its first service's start.
    const { watch } = await import('chokidar');
    if (closed) return;
    const plan = planWatch(folders, root);
    const identities = folderIdentities(plan);
    const watcher = watch(plan.anchors, { ignoreInitial: true, ignored: (path: string) => !isWatchedPath(plan, path), usePolling: false });
    current = { watcher, identities };
    watcher.on('all', (event, path) => {
      if (closed) return;
      if (isEnvFilePath(plan, path)) batcher.add(path);
      else if ((event === 'addDir' || event === 'unlinkDir') && plan.folders.has(path)) batcher.add(path);
    });
    // Any raw event in a watched folder may mean a folder on the chain came, went or was replaced; a rename
    // naming one says so for sure (even when the new folder got the old one's inode and birth time).
    watcher.on('raw', (type, name, details) => {
      const path = rawEventPath(name, details);
      // Chokidar misses a directory replaced by a file of the same name (no unlinkDir, no add, no later change):
      // the OS's own event on the env folder still names the file, so it is reported from here too.
      if (path !== undefined && isEnvFilePath(plan, path)) batcher.add(path);
      if (type === 'rename' && path !== undefined && plan.chain.has(path) && renamed.size < MAX_PATHS_PER_BATCH) renamed.add(path);
      scheduleCheck();
    });
    watcher.on('error', (error) => onError(asError(error)));
    await Promise.race([new Promise<void>((resolve) => watcher.once('ready', resolve)), closedSignal]);
    // A folder replaced while chokidar was scanning would leave this watch stale from the start.
    scheduleCheck();
  };

  const scheduleCheck = () => {
    if (closed || checkTimer !== undefined) return;
    checkTimer = setTimeout(() => {
      checkTimer = undefined;
      void enqueue(check);
    }, debounceMs);
  };

  // A folder on the chain came, went or was replaced. One that merely appeared is followed by chokidar; one
  // that is gone or replaced leaves a dead native watch, so start over from what is there now (closing first,
  // so that no stale native watch is shared with the new instance) and name what the new watch found in place.
  const check = async () => {
    if (closed || !current) return;
    const before = current.identities;
    const now = folderIdentities(planWatch(folders, root));
    const hinted = renamed;
    renamed = new Set();
    const changed = changedFolders(before, now);
    const stale = [...new Set([...changed, ...hinted])].filter((path) => isGoneOrReplaced(before.get(path), now.get(path)) || (hinted.has(path) && isFolder(before.get(path) ?? 'absent')));
    if (stale.length === 0) {
      current.identities = now;
      return;
    }
    await current.watcher.close();
    current = undefined;
    if (closed) return;
    await start();
    for (const path of new Set([...changed, ...stale])) {
      batcher.add(path);
      if (folders.includes(path)) for (const file of listEnvFiles(path)) batcher.add(file);
    }
  };

  const ready = enqueue(start);
  return {
    ready,
    async close() {
      closed = true;
      signalClosed();
      batcher.close();
      if (checkTimer !== undefined) clearTimeout(checkTimer);
      checkTimer = undefined;
      await current?.watcher.close();
      await serial;
      await current?.watcher.close();
      current = undefined;
    },
    watchedPaths() {
      const paths = new Set<string>();
      for (const [dir, names] of Object.entries(current?.watcher.getWatched() ?? {})) {
        paths.add(dir);
        for (const name of names) paths.add(join(dir, name));
      }
      return [...paths].sort();
    },
  };
}

// Node's fs.watch names the entry relative to the watched path; chokidar passes that path along untyped.
function rawEventPath(name: unknown, details: unknown): string | undefined {
  const watched = typeof details === 'object' && details !== null && 'watchedPath' in details ? details.watchedPath : undefined;
  if (typeof watched !== 'string') return undefined;
  return typeof name === 'string' && name !== '' ? join(watched, name) : watched;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
