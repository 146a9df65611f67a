import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

// Linux /proc is read synchronously on purpose: its files are made in memory when read, and a few hundred sync reads take
// ~5 ms where as many async ones (four thread-pool round trips each) took 35-120 ms on a busy 2-core machine, on the path
// from a service's readiness (its listening ports are read) to its dependents' start. A process may end between two reads:
// each reader gives an empty answer then.

// Why: a /proc file's text, or '' when it (or its process) is gone.
export function readProcFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// Why: a /proc folder's entries (a process's fds), or none when it is gone or not readable.
export function readProcDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

// Why: where a /proc link points (`socket:[12345]` for an fd), or '' when it is gone.
export function readProcLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
