import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The reliability suite: faults, bad input and security against real processes, one file at a time (they measure
// processes, ports and memory, which a neighbour test would disturb). Its counts are the bounded CI share; the
// soak script (reliability/soak.ts) runs the same scenarios at full size.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['reliability/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
    reporters: ['default', './tools/summary-reporter.ts'],
  },
});
