import type { LogEntry } from './log-entry.ts';

export interface RetainedEntries {
  push(entries: readonly LogEntry[]): void;
  replace(entries: readonly LogEntry[]): void;
  clear(): void;
  all(): readonly LogEntry[];
  // Lines dropped from the front to stay within bounds, since the last replace or clear.
  dropped(): number;
}

// Why: a pane keeps recent entries to redraw them (level filter, resume, copy), bounded in count and in bytes.
export function createRetainedEntries(maxEntries = 20_000, maxBytes = 4 * 1024 * 1024): RetainedEntries {
  let entries: LogEntry[] = [];
  let start = 0;
  let bytes = 0;
  let dropped = 0;
  const sizeOf = (entry: LogEntry) => (entry.kind === 'line' ? entry.line.text.length + 48 : 48);

  const trim = () => {
    while (entries.length - start > maxEntries || (bytes > maxBytes && entries.length - start > 1)) {
      const first = entries[start++];
      if (!first) break;
      bytes -= sizeOf(first);
      if (first.kind === 'line') dropped++;
    }
    // Compact now and then rather than shifting on every drop.
    if (start > 4_096 && start > (entries.length >> 1)) {
      entries = entries.slice(start);
      start = 0;
    }
  };

  return {
    push(added) {
      for (const entry of added) {
        entries.push(entry);
        bytes += sizeOf(entry);
      }
      trim();
    },
    replace(next) {
      entries = [...next];
      start = 0;
      bytes = entries.reduce((sum, entry) => sum + sizeOf(entry), 0);
      dropped = 0;
      trim();
    },
    clear() {
      entries = [];
      start = 0;
      bytes = 0;
      dropped = 0;
    },
    all: () => entries.slice(start),
    dropped: () => dropped,
  };
}
