#!/usr/bin/env node
// Plain JavaScript on purpose: an older Node must be able to read this file to say what it needs. The static import (a
// plain-JS file) is read by any Node that runs ES modules and loads with this file in one step. Node's own modules are taken
// with process.getBuiltinModule, after the version check: an `import` of one builds an ES module facade that reads every
// export, lazy ones too (node:fs's streams, node:module's loaders), ~10 ms of every start.
import { freshBundle } from './fresh-bundle.js';
import { runBundle } from './run-bundle.js';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `stackdeck needs Node 22.18 or newer (this is ${process.versions.node}).\n` +
      'Run it through npm (npx stackdeck, npm run stackdeck), which uses the Node 24 the project installs.\n',
  );
  process.exit(2);
}

// V8's code cache on disk (in the temp folder), for the sources (whose stripped TypeScript it keeps too) and the packages the
// bundle leaves out; the bundle keeps its own beside it (run-bundle.js). Where the folder cannot be written, Node runs without.
process.getBuiltinModule('node:module').enableCompileCache?.();

// The prebuilt bundle (dist/cli, built at install by tools/build-cli.ts) starts fast; it runs only while it is newer than every
// source this command can run, so an edit is never shadowed by an old build: then the .ts sources run, as in development and tests.
// STACKDECK_FROM_SOURCES=1 asks for the sources (the start-up benchmark compares both).
const bundle = process.env.STACKDECK_FROM_SOURCES === '1' ? undefined : freshBundle(new URL('../../', import.meta.url), process.argv[2]);
if (bundle) await runBundle(bundle);
else await import('./main.ts');
