import { readdirSync, readFileSync, statSync } from 'node:fs';
import { stat } from './fs-async.ts';
import { dirname, join, resolve } from 'node:path';
import { compareText } from '../compare-text.ts';
import type { EnvLoader, LoaderCall, LoaderPath } from '../env-loaders/env-loader.ts';
import { findLoaderCalls, languageOf } from '../env-loaders/find-loader-calls.ts';
import { rememberCodeReads } from './code-reads.ts';
import { FILES_PER_SLICE, nextSlice } from './scan-slices.ts';

// Folders that hold dependencies, builds or caches, never the service's own code.
const SKIPPED_FOLDERS = new Set(['node_modules', 'venv', 'dist', 'build', '__pycache__', 'site-packages', 'coverage', 'out', 'target']);

export interface ScanLimits {
  maxFiles: number;
  maxDepth: number;
  maxFileBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 2_000, maxDepth: 8, maxFileBytes: 1024 * 1024 };

interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

// The calls found in each file, kept while the file is unchanged: the engine re-inspects the stack on every env change.
const callsCache = new Map<string, { size: number; mtimeMs: number; calls: LoaderCall[] }>();
const MAX_CACHED_FILES = 20_000;

// Why: a service may load env files itself (load_dotenv(override=True)) after the launcher has spoken; the inspector
// must know, or it shows values the service does not run with. `cwd` is where the service runs (relative paths start there).
// alsoCodeReads: each file read here also leaves the variables it reads for the code-read scan (code-reads.ts), which then
// need not read it again: for a service without a schema, whose code both scans read.
export async function scanEnvLoaders(serviceDir: string, cwd: string = serviceDir, limits: ScanLimits = DEFAULT_SCAN_LIMITS, alsoCodeReads = false): Promise<EnvLoader[]> {
  const loaders: EnvLoader[] = [];
  for (const [index, source] of (await sourceFiles(resolve(serviceDir), limits)).entries()) {
    if (index > 0 && index % FILES_PER_SLICE === 0) await nextSlice();
    const file = source.path;
    const language = languageOf(file);
    if (!language) continue;
    const calls = callsIn(source, language, alsoCodeReads);
    for (const call of calls) {
      const placed = await Promise.all(call.paths.map((path) => place(path, dirname(file), resolve(cwd))));
      loaders.push({
        kind: call.kind, language, file, line: call.line, call: call.call, override: call.override,
        files: placed.flatMap((entry) => (entry.file ? [entry.file] : [])),
        unresolved: placed.flatMap((entry) => (entry.expression ? [entry.expression] : [])),
      });
    }
  }
  return loaders;
}

function callsIn(source: SourceFile, language: 'python' | 'node', alsoCodeReads: boolean): LoaderCall[] {
  const cached = callsCache.get(source.path);
  if (cached && cached.size === source.size && cached.mtimeMs === source.mtimeMs) return cached.calls;
  let calls: LoaderCall[];
  try {
    const text = readFileSync(source.path, 'utf8');
    calls = findLoaderCalls(text, language);
    if (alsoCodeReads) rememberCodeReads(source.path, source.size, source.mtimeMs, text);
  } catch {
    return [];
  }
  if (callsCache.size >= MAX_CACHED_FILES) callsCache.clear();
  callsCache.set(source.path, { size: source.size, mtimeMs: source.mtimeMs, calls });
  return calls;
}

// Source files under a folder, breadth first, sorted, skipping dependency and hidden folders, symlinks and big files.
async function sourceFiles(root: string, limits: ScanLimits): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  let level = [root];
  for (let depth = 0; depth <= limits.maxDepth && level.length > 0 && files.length < limits.maxFiles; depth++) {
    const next: string[] = [];
    for (const [index, dir] of level.entries()) {
      if (index > 0 && index % FILES_PER_SLICE === 0) await nextSlice();
      const entries = readDirectory(dir);
      const candidates: string[] = [];
      for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) next.push(path);
        else if (entry.isFile() && languageOf(entry.name)) candidates.push(path);
      }
      for (const path of candidates.slice(0, limits.maxFiles - files.length)) {
        const info = statIfReadable(path);
        if (info && info.size < limits.maxFileBytes) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
    level = next;
  }
  return files;
}

function readDirectory(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function statIfReadable(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

// A named file on disk as the loader finds it: from the cwd, from the code's folder, or the nearest one upward.
async function place(path: LoaderPath, codeDir: string, cwd: string): Promise<{ file?: string; expression?: string }> {
  if ('expression' in path) return { expression: path.expression };
  if (path.base === 'cwd') return { file: resolve(cwd, path.name) };
  if (path.base === 'code') return { file: resolve(codeDir, path.name) };
  const start = path.base === 'search-up-from-code' ? codeDir : cwd;
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = resolve(dir, path.name);
    if (await stat(candidate).then((info) => info.isFile(), () => false)) return { file: candidate };
    if (dirname(dir) === dir) break;
  }
  // Found nowhere yet: where it would be read from once it is created next to the code.
  return { file: resolve(start, path.name) };
}
