export interface PathBatcherOptions {
  // Quiet time after the last path before a batch goes out.
  delayMs: number;
  // A batch goes out by then even if paths keep coming, so a busy writer cannot starve the listener.
  maxWaitMs: number;
  // Past this, further paths still count toward the batch but are not listed (memory stays bounded).
  maxPaths: number;
  flush: (paths: string[]) => void;
}

export interface PathBatcher {
  add(path: string): void;
  // Sends nothing more; a batch waiting is dropped.
  close(): void;
}

// Why: an editor's save is several events (write, rename, chmod); the listener should re-read once per burst.
export function createPathBatcher(options: PathBatcherOptions): PathBatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let closed = false;
  const send = () => {
    timer = undefined;
    const paths = [...pending].sort();
    pending = new Set();
    if (!closed) options.flush(paths);
  };
  return {
    add(path) {
      if (closed) return;
      if (pending.size < options.maxPaths) pending.add(path);
      const now = Date.now();
      if (timer === undefined) firstAt = now;
      else clearTimeout(timer);
      timer = setTimeout(send, Math.max(0, Math.min(options.delayMs, firstAt + options.maxWaitMs - now)));
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = new Set();
    },
  };
}
