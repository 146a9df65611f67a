import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

// One Vite config: `vite build` builds the dashboard (renderer/) into dist/renderer, and it runs the unit and
// integration tests. Tests stay in node; each renderer component test opts into happy-dom with a docblock.
export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build is served by `stackdeck ui` and loaded from disk by the Electron window.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows no inline scripts: every module is a file.
    assetsInlineLimit: 0,
    sourcemap: true,
    // One local bundle (React, zod for the contract, xterm) served from 127.0.0.1 or disk: size matters little here.
    chunkSizeWarningLimit: 1_200,
  },
  test: {
    root: projectRoot,
    include: ['{main,shared,services,renderer,bench,tools}/**/*.test.ts', 'renderer/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default', './tools/summary-reporter.ts'],
  },
});
