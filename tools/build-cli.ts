// Bundles the stackdeck CLI into dist/cli/: a small entry (main.mjs) and one chunk per command, loaded when that command runs.
// Node then reads a handful of plain JavaScript files instead of stripping the types of ~200 .ts files at every start.
// bin.js uses the bundle only while manifest.json says it is newer than every source it was built from.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown, type OutputChunk, type Plugin } from 'rolldown';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI_ENTRY = resolve(ROOT, 'main/cli/main.ts');
export const CLI_BUNDLE_DIR = resolve(ROOT, 'dist/cli');

// What bin.js reads to decide whether the bundle may run: when it was built and from which files (relative to the repository);
// per command (and '--help'), the indexes in `sources` of what that command can load, so a start stats those files only.
export interface CliManifest {
  builtAtMs: number;
  entry: string;
  sources: string[];
  sourcesByCommand: Record<string, number[]>;
}

// A command's chunk is the one whose entry module is main/cli/commands/<command>.ts (run.ts loads each with import()).
const COMMAND_MODULE = /main[\\/]cli[\\/]commands[\\/]([a-z-]+)\.ts$/;

// Our own TypeScript is bundled, and so are the packages it imports: zod alone is ~100 files whose resolving and loading took
// longer than all of `check`'s own work. Left in node_modules: packages that find files at run time (fastify's plugins,
// pino's transports), which a bundle would break; `ui` loads them as installed.
const KEPT_PACKAGES = /^(fastify|@fastify\/|pino|thread-stream|electron)/;
const external = (id: string) => id.startsWith('node:') || KEPT_PACKAGES.test(id);

// Why: builds the CLI bundle and its manifest; run at install (npm's prepare) and by `npm run build:cli` (tests: elsewhere).
export async function buildCli(outDir = CLI_BUNDLE_DIR): Promise<CliManifest> {
  // Taken before reading any source: a file saved during the build reads as newer, so the bundle is not trusted.
  const builtAtMs = Date.now();
  const bundle = await rolldown({ input: { main: CLI_ENTRY }, platform: 'node', external, resolve: { mainFields: ['module', 'main'] }, plugins: [keepPathsRelativeToSource(outDir), builtinsWithoutEsmFacades()] });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // zod alone in its chunk: main/cli/zod-jitless.ts sets zod's config after zod loads and before any of our schemas is built.
  // Its v3 copy (~100 kB, read only by the MCP SDK) is a chunk of its own, so the commands that never load it do not read it.
  const zodFolder = /[\\/]node_modules[\\/]zod[\\/]/;
  const zodV3 = /[\\/]node_modules[\\/]zod[\\/]v3[\\/]/;
  const codeSplitting = { groups: [{ name: 'zod-v3', test: zodV3 }, { name: 'zod', test: (id: string) => zodFolder.test(id) && !zodV3.test(id) }] };
  const { output } = await bundle.write({ dir: outDir, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', codeSplitting });
  await bundle.close();
  const chunks = new Map(output.flatMap((chunk) => (chunk.type === 'chunk' ? [[chunk.fileName, chunk] as const] : [])));
  // A bundled package stands for itself by its package.json, which npm rewrites when it installs another version.
  const sourcesOf = (chunk: OutputChunk) => chunk.moduleIds.filter((id) => id.startsWith(ROOT)).map((id) => toPosix(relative(ROOT, packageJsonOf(id) ?? id)));
  const sources = [...new Set([...chunks.values()].flatMap(sourcesOf))].sort();
  const indexOf = new Map(sources.map((source, index) => [source, index]));
  const commandOf = (chunk: OutputChunk) => (chunk.isDynamicEntry && chunk.facadeModuleId ? COMMAND_MODULE.exec(chunk.facadeModuleId)?.[1] : undefined);
  // The chunks reachable from the entry, by static imports only (--help) or also by import() but never into another command.
  const reachable = (command: string | undefined) => {
    const seen = new Set<string>();
    const visit = (fileName: string) => {
      const chunk = chunks.get(fileName);
      if (!chunk || seen.has(fileName)) return;
      const chunkCommand = commandOf(chunk);
      if (chunkCommand !== undefined && chunkCommand !== command) return;
      seen.add(fileName);
      for (const next of command === undefined ? chunk.imports : [...chunk.imports, ...chunk.dynamicImports]) visit(next);
    };
    visit('main.mjs');
    return [...new Set([...seen].flatMap((fileName) => sourcesOf(chunks.get(fileName) as OutputChunk)))].map((source) => indexOf.get(source) as number).sort((a, b) => a - b);
  };
  const commands = [...chunks.values()].flatMap((chunk) => commandOf(chunk) ?? []);
  const sourcesByCommand = Object.fromEntries([['--help', reachable(undefined)], ...commands.map((command) => [command, reachable(command)])]);
  const manifest: CliManifest = { builtAtMs, entry: 'main.mjs', sources, sourcesByCommand };
  writeFileSync(resolve(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

// Bundled code runs from outDir, not from its source folder: `new URL('./keeper.ts', import.meta.url)` is rewritten to the
// same file seen from outDir, and `import.meta.main` is false everywhere but the entry (it would be true in any chunk).
function keepPathsRelativeToSource(outDir: string): Plugin {
  return {
    name: 'stackdeck-keep-paths-relative-to-source',
    transform(code, id) {
      if (id.includes(`${sep}node_modules${sep}`) || !id.startsWith(ROOT)) return null;
      let out = code.replace(/new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g, (_match, quote: string, path: string) => {
        const target = toPosix(relative(outDir, resolve(dirname(id), path)));
        return `new URL(${quote}${target}${path.endsWith('/') ? '/' : ''}${quote}, import.meta.url)`;
      });
      if (id !== CLI_ENTRY) out = out.replaceAll('import.meta.main', 'false');
      return out === code ? null : { code: out };
    },
  };
}

// `import { x } from "node:fs"` makes Node build an ES module facade of node:fs, which reads every export, lazy ones too:
// node:fs alone then loads its streams, fs/promises and readline (~10 ms of every start, --help included). Node's builtins are
// read the CommonJS way instead, which loads only the module itself: same functions, no facade.
function builtinsWithoutEsmFacades(): Plugin {
  return {
    name: 'stackdeck-builtins-without-esm-facades',
    renderChunk(code) {
      const out = withBuiltinsRead(code);
      return out === code ? null : { code: out };
    },
  };
}

// Why: each form of a static builtin import rolldown writes, read with process.getBuiltinModule instead (same bindings).
export function withBuiltinsRead(code: string): string {
  return code.replace(BUILTIN_IMPORT, (_statement, defaultName: string | undefined, named: string | undefined, namespace: string | undefined, id: string) => {
    const builtin = `globalThis.process.getBuiltinModule(${JSON.stringify(id)})`;
    const whole = defaultName ?? namespace;
    const members = named === undefined ? undefined : `{ ${named.split(',').map((member) => member.trim()).filter(Boolean).map((member) => member.replace(/^(\S+)\s+as\s+(\S+)$/, '$1: $2')).join(', ')} }`;
    if (whole === undefined) return members === undefined ? `${builtin};` : `const ${members} = ${builtin};`;
    return members === undefined ? `const ${whole} = ${builtin};` : `const ${whole} = ${builtin};\nconst ${members} = ${whole};`;
  });
}

// A static import of a Node builtin as rolldown writes them, one a line: `import a, { b, c as d } from "node:x";`,
// `import * as a from "node:x";`, `import "node:x";` (dynamic import() of builtins is left as it is).
const BUILTIN_IMPORT = /^import\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}\s*)?(?:\*\s*as\s+([\w$]+)\s*)?(?:from\s*)?"(node:[\w/]+)";$/gm;

const toPosix = (path: string) => path.split(sep).join('/');

// <...>/node_modules/<name or @scope/name>/package.json for a file inside an installed package, else undefined.
function packageJsonOf(id: string): string | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = id.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = id.slice(at + marker.length).split(sep);
  const nameParts = parts[0]?.startsWith('@') ? 2 : 1;
  return [id.slice(0, at + marker.length - 1), ...parts.slice(0, nameParts), 'package.json'].join(sep);
}

if (import.meta.main) {
  const started = performance.now();
  const manifest = await buildCli();
  process.stdout.write(`stackdeck: built the CLI bundle (${manifest.sources.length} sources) into ${relative(process.cwd(), CLI_BUNDLE_DIR) || '.'} in ${Math.round(performance.now() - started)} ms\n`);
}
