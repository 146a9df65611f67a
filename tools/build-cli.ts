// Bundles the stackdeck CLI into dist/cli/: a small entry (main.cjs) and one chunk per command, loaded when that command runs.
// Each file is a classic script (one function expression taking CommonJS's parameters) that main/cli/run-bundle.js runs
// through vm.Script with V8's code cache, taken after the command ran: a start neither resolves ~200 modules nor compiles again
// the functions that ran last time. bin.js uses the bundle only while manifest.json says it is newer than every source.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown, type OutputChunk, type Plugin } from 'rolldown';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// The whole `stackdeck` process as one exported function (runProcess): main.ts awaits it from the sources, bin.js from here.
export const CLI_ENTRY = resolve(ROOT, 'main/cli/run-process.ts');
export const CLI_BUNDLE_DIR = resolve(ROOT, 'dist/cli');

// What bin.js reads to decide whether the bundle may run: when it was built and from which files (relative to the repository);
// per command (and '--help'), the indexes in `sources` of what that command can load, so a start stats those files only; per
// file of the bundle, the hash of its text, which names its code cache (a rebuilt file never reads the cache of another).
export interface CliManifest {
  builtAtMs: number;
  entry: string;
  sources: string[];
  sourcesByCommand: Record<string, number[]>;
  hashes: Record<string, string>;
}

// A command's chunk is the one whose entry module is main/cli/commands/<command>.ts (run.ts loads each with import()).
const COMMAND_MODULE = /main[\\/]cli[\\/]commands[\\/]([a-z-]+)\.ts$/;

// Our own TypeScript is bundled, and so are the packages it imports: zod alone is ~100 files whose resolving and loading took
// longer than all of `check`'s own work. Left in node_modules: packages that find files at run time (fastify's plugins,
// pino's transports), which a bundle would break; `ui` loads them as installed.
const KEPT_PACKAGES = /^(fastify|@fastify\/|pino|thread-stream|electron)/;
const external = (id: string) => isBuiltin(id) || KEPT_PACKAGES.test(id);
// Packages whose modules do nothing but define their exports, though their package.json does not say so (no "sideEffects"):
// a module of theirs none of whose exports is used is left out. jsonc-parser's formatter (we only parse) builds 1,220
// whitespace strings when it loads, ~290 kB of allocation at every `check`.
const PURE_PACKAGES = [{ test: /[\\/]node_modules[\\/]jsonc-parser[\\/]/, sideEffects: false }];

// Why: builds the CLI bundle and its manifest; run at install (npm's prepare) and by `npm run build:cli` (tests: elsewhere).
export async function buildCli(outDir = CLI_BUNDLE_DIR): Promise<CliManifest> {
  // Taken before reading any source: a file saved during the build reads as newer, so the bundle is not trusted.
  const builtAtMs = Date.now();
  const plugins = [keepPathsRelativeToSource(outDir), builtinsLoadedWhenUsed()];
  const bundle = await rolldown({ input: { main: CLI_ENTRY }, platform: 'node', external, resolve: { mainFields: ['module', 'main'] }, checks: { emptyImportMeta: false }, treeshake: { moduleSideEffects: PURE_PACKAGES }, plugins });
  // zod alone in its chunk: main/cli/zod-jitless.ts sets zod's config after zod loads and before any of our schemas is built.
  // Its v3 copy (~100 kB, read only by the MCP SDK) is a chunk of its own, so the commands that never load it do not read it.
  const zodFolder = /[\\/]node_modules[\\/]zod[\\/]/;
  const zodV3 = /[\\/]node_modules[\\/]zod[\\/]v3[\\/]/;
  const codeSplitting = { groups: [{ name: 'zod-v3', test: zodV3 }, { name: 'zod', test: (id: string) => zodFolder.test(id) && !zodV3.test(id) }] };
  // ASCII (the characters of strings escaped, comments left out but licences): V8 keeps each file as a one-byte string, and
  // run-bundle.js reads it as latin1, several times faster than decoding UTF-8. import() of what the bundle leaves out (a
  // builtin, a package) is written as require(): a script's import() takes a Node loader hook that warns it is experimental.
  const { output } = await bundle.generate({
    format: 'cjs', charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false }, dynamicImportInCjs: false,
    entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', codeSplitting,
  });
  await bundle.close();
  const chunks = new Map(output.flatMap((chunk) => (chunk.type === 'chunk' ? [[chunk.fileName, chunk] as const] : [])));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const hashes: Record<string, string> = {};
  for (const [fileName, chunk] of chunks) {
    const text = asScript(chunk.code);
    writeFileSync(resolve(outDir, fileName), text);
    hashes[fileName] = createHash('sha256').update(text).digest('hex').slice(0, 16);
  }
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
    visit('main.cjs');
    return [...new Set([...seen].flatMap((fileName) => sourcesOf(chunks.get(fileName) as OutputChunk)))].map((source) => indexOf.get(source) as number).sort((a, b) => a - b);
  };
  const commands = [...chunks.values()].flatMap((chunk) => commandOf(chunk) ?? []);
  const sourcesByCommand = Object.fromEntries([['--help', reachable(undefined)], ...commands.map((command) => [command, reachable(command)])]);
  const manifest: CliManifest = { builtAtMs, entry: 'main.cjs', sources, sourcesByCommand, hashes };
  writeFileSync(resolve(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

// Why: a chunk as run-bundle.js runs it: one function expression with CommonJS's parameters (put around rolldown's output
// here, not as its banner and footer: rolldown drops the code between a banner and a footer that do not close themselves).
export function asScript(code: string): string {
  return `(function (exports, require, module, __filename, __dirname) {\n${code.includes('__builtinWhenUsed(') ? BUILTIN_WHEN_USED : ''}${code}\n})\n`;
}

// Node's builtins, each loaded at its first use (see builtinsLoadedWhenUsed); the proxy's `default` is the module itself.
const BUILTIN_WHEN_USED = `const __builtinWhenUsed = (id) => {
	let loaded;
	const load = () => (loaded ??= globalThis.process.getBuiltinModule(id));
	const get = (key) => (key === "default" ? load() : load()[key]);
	return new Proxy({}, {
		get: (_, key) => get(key),
		has: (_, key) => key === "default" || key in load(),
		ownKeys: () => [...Reflect.ownKeys(load()), "default"],
		getOwnPropertyDescriptor: (_, key) => (key === "default" || key in load() ? { value: get(key), writable: false, enumerable: true, configurable: true } : undefined),
	});
};
`;

// Bundled code runs from outDir, not from its source folder: `new URL('./keeper.ts', import.meta.url)` is rewritten to the
// same file seen from outDir, `import.meta.url` (which a classic script has not) to the script's own file: URL, and
// `import.meta.main` is false (bin.js is the main module).
function keepPathsRelativeToSource(outDir: string): Plugin {
  return {
    name: 'stackdeck-keep-paths-relative-to-source',
    transform(code, id) {
      if (!code.includes('import.meta')) return null;
      let out = code;
      if (!id.includes(`${sep}node_modules${sep}`) && id.startsWith(ROOT)) {
        out = out.replace(/new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g, (_match, quote: string, path: string) => {
          const target = toPosix(relative(outDir, resolve(dirname(id), path)));
          return `new URL(${quote}${target}${path.endsWith('/') ? '/' : ''}${quote}, import.meta.url)`;
        });
      }
      out = out.replaceAll('import.meta.url', 'globalThis.process.getBuiltinModule("node:url").pathToFileURL(__filename).href');
      out = out.replaceAll('import.meta.main', 'false');
      return out === code ? null : { code: out };
    },
  };
}

// A CommonJS chunk requires every builtin it uses at its top, when it loads, used on this path or not (node:tls,
// node:child_process, node:fs/promises: ~12 ms). Each is read instead through a proxy that loads it at its first use.
function builtinsLoadedWhenUsed(): Plugin {
  return {
    name: 'stackdeck-builtins-loaded-when-used',
    renderChunk(code) {
      const out = withBuiltinsWhenUsed(code);
      return out === code ? null : { code: out };
    },
  };
}

// Why: each top-level require of a builtin rolldown writes in a CommonJS bundle (`let x = require("node:x");`, then maybe
// `x = __toESM(x, 1);`), made a proxy that loads it at first use (the proxy's `default` is the module, as __toESM's is).
export function withBuiltinsWhenUsed(code: string): string {
  const names = new Set<string>();
  const out = code.replace(/^let ([\w$]+) = require\("([^"]+)"\);$/gm, (statement, name: string, id: string) => {
    if (!isBuiltin(id)) return statement;
    names.add(name);
    return `let ${name} = __builtinWhenUsed(${JSON.stringify(id.startsWith('node:') ? id : `node:${id}`)});`;
  });
  return out.replace(/^([\w$]+) = __toESM\(\1, 1\);\n/gm, (statement, name: string) => (names.has(name) ? '' : statement));
}

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
