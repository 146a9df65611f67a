import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'events', 'worker_threads', 'process', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.stackdeck/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // Layering, as VS Code places code by where it runs: shared never reaches up into main or services.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/services/**', 'electron'] }],
    },
  },
  {
    // Layering for the demo services: they use shared/ and services/common (code they share, not a service),
    // never main/, and never one another.
    files: ['services/*/**/*.ts'],
    ignores: ['services/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', 'electron', '../auth/**', '../backend/**', '../../auth/**', '../../backend/**'] }],
    },
  },
  {
    // The dashboard runs in a browser page or a sandboxed Electron window: browser globals, JSX in .tsx.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/dev/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Layering: the renderer never imports Node or Electron, and reaches main/ only for types (the bridge contract).
    // Its tests and test doubles may use main/web/testing; dev scripts (renderer/dev) run in Node.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/dev/**', 'renderer/testing/**', 'renderer/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['electron', ...NODE_BUILTINS].map((name) => ({ name, message: 'the renderer runs in a browser: no Node or Electron modules' })),
        patterns: [
          { group: ['node:*'], message: 'the renderer runs in a browser: no Node modules' },
          { group: ['**/main/**'], allowTypeImports: true, message: 'the renderer speaks the engine contract (shared/api) through its transport, not main/' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    // The engine makes the contract's answers and the transports parse them: it takes the contract's types only (its error
    // from engine-error.ts). Loading the contract's schemas built ~400 of them at every launcher start.
    files: ['main/engine/**/*.ts'],
    ignores: ['main/engine/**/*.test.ts', 'main/engine/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/shared/api/engine-contract.ts'], allowTypeImports: true, message: 'the engine imports the contract for types only; EngineError is in shared/api/engine-error.ts' }],
      }],
    },
  },
  {
    // CommonJS on purpose: loaded with --require into a tool that is not ours.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
