#!/usr/bin/env node
// Plain JavaScript on purpose: an older Node must be able to read this file to say what it needs.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `stackdeck needs Node 22.18 or newer (this is ${process.versions.node}).\n` +
      'Run it through npm (npx stackdeck, npm run stackdeck), which uses the Node 24 the project installs.\n',
  );
  process.exit(2);
}

// V8's code cache on disk (in the temp folder), for the bundle and for the sources, whose stripped TypeScript it keeps too.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

// The prebuilt bundle (dist/cli, built at install by tools/build-cli.ts) starts fast; it runs only while it is newer than every
// source it was built from, so an edit is never shadowed by an old build: then the .ts sources run, as in development and tests.
// STACKDECK_FROM_SOURCES=1 asks for the sources (the start-up benchmark compares both).
const { freshBundle } = await import('./fresh-bundle.js');
const bundle = process.env.STACKDECK_FROM_SOURCES === '1' ? undefined : freshBundle(new URL('../../', import.meta.url));
await import(bundle ?? './main.ts');
