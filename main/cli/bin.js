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
await import('./main.ts');
