import { defineConfig } from 'vitest/config';

// One Vite config: it will build the renderer, and it runs the unit and integration tests today.
export default defineConfig({
  test: {
    include: ['{main,shared,services,renderer,bench}/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default', './tools/summary-reporter.ts'],
  },
});
