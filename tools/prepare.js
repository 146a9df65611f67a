// npm's `prepare`. Plain JavaScript on purpose: npm may run it with the machine's older Node, or before anything is installed
// (`npm install --package-lock-only`). Then the build waits for the project's own Node; it never fails the install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const build = `${root}tools/build-at-install.ts`;
const [major, minor] = process.versions.node.split('.').map(Number);
const projectNode = `${root}node_modules/node/bin/node`;

if (!existsSync(`${root}node_modules/rolldown`) || !existsSync(`${root}node_modules/vite`)) {
  process.stdout.write('stackdeck: nothing built yet (dependencies not installed); `npx stackdeck ui` builds the dashboard when it runs\n');
} else if (major > 22 || (major === 22 && minor >= 18)) {
  await import(build);
} else if (existsSync(projectNode)) {
  spawnSync(projectNode, [build], { stdio: 'inherit' });
} else {
  process.stdout.write(`stackdeck: nothing built at install (Node ${process.versions.node} cannot run the build); \`npx stackdeck ui\` builds it when it runs\n`);
}
