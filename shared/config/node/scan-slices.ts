// How the scans of a service's code read its files: synchronously, one call each (a stat, a readFileSync), several times faster
// than node:fs's callbacks, whose readFile alone goes through the thread pool four times (open, fstat, read, close). On a
// service of 2,000 files, `check` spent ~0.5 s there. Between slices of this many files or folders the event loop runs: a
// launcher inspecting a big repository still answers its dashboard and reads its services' logs.
export const FILES_PER_SLICE = 256;

// Why: the pause between two slices of a scan (see FILES_PER_SLICE): the I/O and timers that waited run now.
export function nextSlice(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
