// Plain JavaScript, loaded by bin.js with fresh-bundle.js: runs the CLI bundle (tools/build-cli.ts: CommonJS chunks, each a
// function expression taking CommonJS's parameters) through vm.Script with V8's code cache. Node's own compile cache keeps
// only what V8 compiles when a file loads; most functions (ours, zod's) compile lazily at their first call, again at every
// start. This cache is taken once the command ran, so it holds the functions that ran: none of them is compiled again.
// Node's modules are taken when called, not imported: see bin.js.

// Why: bin.js's one call when the bundle is fresh (bundle: what freshBundle gave); resolves when the command is done.
export async function runBundle(bundle) {
  const { join } = process.getBuiltinModule('node:path');
  const vm = process.getBuiltinModule('node:vm');
  const { isAscii } = process.getBuiltinModule('node:buffer');
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const nodeRequire = process.getBuiltinModule('node:module').createRequire(join(bundle.dir, bundle.entry));
  const loaded = new Map();
  const cachesToWrite = [];
  const cacheFolder = codeCacheFolder();
  // A chunk's require: another chunk of the bundle (`./name-hash.cjs`) through load, anything else (a builtin, a package left
  // out of the bundle) through Node's require from the bundle's folder.
  const require = Object.assign((id) => (id.startsWith('./') && Object.hasOwn(bundle.hashes, id.slice(2)) ? load(id.slice(2)) : nodeRequire(id)), nodeRequire);
  // Each chunk once, as Node's require does (its exports are set before it runs, for a cycle between chunks).
  const load = (name) => {
    const known = loaded.get(name);
    if (known) return known.exports;
    const file = join(bundle.dir, name);
    // The build writes ASCII, read as latin1 (the same text, several times faster to decode than UTF-8); anything else as UTF-8.
    const bytes = readFileSync(file);
    const cacheFile = cacheFolder === undefined ? undefined : join(cacheFolder, codeCacheName(bundle.cacheKey, name, bundle.hashes[name]));
    const cachedData = cacheFile === undefined ? undefined : readIfThere(cacheFile);
    const script = new vm.Script(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'), {
      filename: file,
      cachedData,
      // The build writes import() of what it leaves out as require(); an import() left in still runs, through Node's loader
      // (which warns that this hook is experimental).
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) cachesToWrite.push({ cacheFile, script });
    const module = { exports: {} };
    loaded.set(name, module);
    script.runInThisContext()(module.exports, require, module, file, bundle.dir);
    return module.exports;
  };
  // Written once, when there is none or V8 refused it (another V8, other flags), at exit so that it holds what ran; not after
  // a crash or bad input (exit 70, 2): that run ran little of the command, and its cache would then be kept.
  process.once('exit', (code) => {
    if (code !== 0 && code !== 1) return;
    for (const { cacheFile, script } of cachesToWrite) writeAtomically(cacheFile, () => script.createCachedData());
  });
  await load(bundle.entry).runProcess();
}

// Why: where the bundle's code caches live: beside Node's compile cache (bin.js enables it; its folder is per Node version,
// architecture, V8 flags and user), else in the temp folder. Undefined (no cache) when NODE_DISABLE_COMPILE_CACHE is set, or
// when the folder is another user's: in a shared temp folder it could hold a cache made to run their code as ours.
export function codeCacheFolder() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const { join } = process.getBuiltinModule('node:path');
  const folder = process.getBuiltinModule('node:module').getCompileCacheDir?.() ?? join(process.getBuiltinModule('node:os').tmpdir(), 'node-compile-cache');
  try {
    if (process.getuid && process.getBuiltinModule('node:fs').statSync(folder).uid !== process.getuid()) return undefined;
  } catch {
    // Not there yet: the first cache written makes it, ours.
  }
  return folder;
}

// Why: a bundle file's code cache is named by the command that ran (a chunk that two commands load holds what each ran in
// its own cache), the file and the hash of its text, and Node's version: a rebuilt bundle or another Node never reads a cache
// made for another.
export function codeCacheName(command, name, hash) {
  return `stackdeck-${command}-${name.replace(/\.cjs$/, '')}-${hash}-${process.version}-${process.arch}.v8cache`;
}

function readIfThere(file) {
  try {
    return process.getBuiltinModule('node:fs').readFileSync(file);
  } catch {
    return undefined;
  }
}

// A temporary file renamed into place: a CLI starting meanwhile reads the whole old file or the whole new one, never half.
// A folder that cannot be written (or a cache V8 cannot make) leaves the command without a cache, silently: this runs at exit.
function writeAtomically(file, data) {
  const { mkdirSync, renameSync, rmSync, writeFileSync } = process.getBuiltinModule('node:fs');
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(process.getBuiltinModule('node:path').dirname(file), { recursive: true });
    writeFileSync(temporary, data());
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is not there to hold it.
    }
  }
}
