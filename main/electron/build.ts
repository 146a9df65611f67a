// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS, the only form a sandboxed preload may take).
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = `${ROOT}dist/electron`;
// Packages load from node_modules at run time (inside the asar when packaged); our own code is bundled.
const external = (id: string) => id === 'electron' || id.startsWith('node:') || (!id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'));

export async function buildElectron(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const main = await rolldown({ input: `${ROOT}main/electron/main.ts`, platform: 'node', external });
  await main.write({ file: `${OUT}/main.mjs`, format: 'esm' });
  const preload = await rolldown({ input: `${ROOT}main/electron/preload.ts`, platform: 'node', external: ['electron'] });
  await preload.write({ file: `${OUT}/preload.cjs`, format: 'cjs' });
  // The keeper runs as its own Node process next to the bundle that spawns it.
  copyFileSync(`${ROOT}main/engine/process/keeper.ts`, `${OUT}/keeper.ts`);
}

if (import.meta.main) {
  await buildElectron();
  console.log(`built ${OUT}/main.mjs, preload.cjs, keeper.ts`);
}
