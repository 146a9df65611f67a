import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { FILES_PER_SLICE, nextSlice } from './scan-slices.ts';

// Which variables a program reads, found in its source text: `init` declares them, `audit` compares them with what is
// declared and set. A pattern scan, not a parser: fast enough to run inside `check`, and honest about its bounds.

export const CODE_LANGUAGES = ['javascript', 'typescript', 'python', 'go'] as const;
export const CodeReadSchema = z.object({
  key: z.string(),
  // Relative to the scanned root, with '/' separators on every platform.
  file: z.string(),
  line: z.number().int().positive(),
  language: z.enum(CODE_LANGUAGES),
  // A literal the code falls back to (a getenv's second argument, the right side of `??` or `||`), when written there.
  default: z.string().optional(),
});
export type CodeRead = z.infer<typeof CodeReadSchema>;
export type CodeLanguage = CodeRead['language'];

export interface ScanCodeReadsOptions {
  // Test files and folders (x.test.ts, test_x.py, x_test.go, tests/, e2e/) set up their own environment: skipped unless asked.
  includeTests?: boolean;
  // Stop after reading this many source files (the rest are counted as skipped).
  maxFiles?: number;
  maxFileBytes?: number;
}

export interface CodeReadScan {
  reads: CodeRead[];
  // Every source file read, relative to root: where a service has code at all.
  files: string[];
  filesRead: number;
  skipped: { tooLarge: number; overCap: number };
}

// Folders that hold dependencies, builds or caches, never a team's own code. Dot-folders (.git, .venv, .next, ...)
// are skipped as a whole, and so is any folder holding a pyvenv.cfg (a virtualenv, whatever its name).
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules', 'dist', 'build', 'out', 'venv', '__pycache__', 'vendor', 'target', 'coverage', 'site-packages',
]);
const TEST_DIRECTORIES: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', '__mocks__', 'e2e', 'testdata', 'fixtures']);
const TEST_FILE = /\.(test|spec|e2e)\.[cm]?[jt]sx?$|^test_.*\.py$|_test\.(py|go)$|^conftest\.py$/;
export const DEFAULT_MAX_FILES = 5_000;
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

const LANGUAGE_BY_EXTENSION: Record<string, CodeLanguage> = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.vue': 'javascript', '.svelte': 'javascript', '.astro': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescript',
  '.py': 'python',
  '.go': 'go',
};

const NAME = String.raw`([A-Za-z_][A-Za-z0-9_]*)`;
const QUOTED = String.raw`(['"\`])${NAME}\1`;
// An assignment (`process.env.X = ...`) sets a variable for others, it does not read one.
const NOT_ASSIGNED = String.raw`(?!\s*=(?!=))`;

// Each pattern's last capture group is the key.
const PATTERNS: Record<'js' | 'python' | 'go', RegExp[]> = {
  js: [
    new RegExp(String.raw`\bprocess\.env\.${NAME}\b${NOT_ASSIGNED}`, 'g'),
    new RegExp(String.raw`\bprocess\.env\[\s*${QUOTED}\s*\]${NOT_ASSIGNED}`, 'g'),
    new RegExp(String.raw`\bimport\.meta\.env\.${NAME}\b${NOT_ASSIGNED}`, 'g'),
    new RegExp(String.raw`\bimport\.meta\.env\[\s*${QUOTED}\s*\]`, 'g'),
    new RegExp(String.raw`\b(?:Deno\.env\.get|Bun\.env\.get)\(\s*${QUOTED}`, 'g'),
    new RegExp(String.raw`\bBun\.env\.${NAME}\b${NOT_ASSIGNED}`, 'g'),
  ],
  python: [
    new RegExp(String.raw`(?<![\w.])(?:os\.)?environ\[\s*${QUOTED}\s*\]${NOT_ASSIGNED}`, 'g'),
    new RegExp(String.raw`(?<![\w.])(?:os\.)?environ\.(?:get|setdefault|pop)\(\s*${QUOTED}`, 'g'),
    new RegExp(String.raw`(?<![\w.])(?:os\.)?getenv\(\s*${QUOTED}`, 'g'),
  ],
  go: [
    new RegExp(String.raw`\bos\.(?:Getenv|LookupEnv)\(\s*"${NAME}"\s*\)`, 'g'),
  ],
};
// A literal fallback right after the read: `, "x")` in Python and Go-less forms, `?? 'x'` / `|| 'x'` in JavaScript.
const PYTHON_DEFAULT = /\s*,\s*(?:(['"])((?:(?!\1)[^\\\n])*)\1|(-?\d+(?:\.\d+)?)\b)/y;
const JS_DEFAULT = /\s*(?:\?\?|\|\|)\s*(?:(['"`])((?:(?!\1)[^\\\n$])*)\1|(-?\d+(?:\.\d+)?)\b)/y;

function literalDefaultAt(text: string, index: number, pattern: RegExp): string | undefined {
  pattern.lastIndex = index;
  const match = pattern.exec(text);
  return match ? (match[2] ?? match[3]) : undefined;
}

// `const { A, B: b, C = 'x' } = process.env` (one statement, possibly over several lines).
const DESTRUCTURING = /\b(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*(?:process\.env|import\.meta\.env)\b/g;

// Why: the keys a source text reads, each at its 1-based line; pure, so tests feed it snippets.
export function readsInText(text: string, language: CodeLanguage): { key: string; line: number; default?: string }[] {
  const lineAt = lineFinder(text);
  const found: { key: string; line: number; index: number; default?: string }[] = [];
  const family = language === 'python' ? 'python' : language === 'go' ? 'go' : 'js';
  const defaultPattern = family === 'python' ? PYTHON_DEFAULT : family === 'js' ? JS_DEFAULT : undefined;
  for (const pattern of PATTERNS[family]) {
    for (const match of text.matchAll(pattern)) {
      const key = match[match.length - 1];
      if (!key) continue;
      const fallback = defaultPattern && literalDefaultAt(text, match.index + match[0].length, defaultPattern);
      found.push({ key, line: lineAt(match.index), index: match.index, ...(fallback === undefined ? {} : { default: fallback }) });
    }
  }
  if (family === 'js') {
    for (const match of text.matchAll(DESTRUCTURING)) {
      const body = match[1] ?? '';
      let offset = match.index + match[0].indexOf('{') + 1;
      for (const part of body.split(',')) {
        const parsed = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*[A-Za-z_]\w*\s*)?(?:=\s*(['"`])([^'"`\n]*)\2\s*)?$/.exec(part);
        const key = parsed?.[1];
        if (key) found.push({ key, line: lineAt(offset + part.search(/\S|$/)), index: offset, ...(parsed[3] === undefined ? {} : { default: parsed[3] }) });
        offset += part.length + 1;
      }
    }
  }
  return found.sort((a, b) => a.index - b.index).map((read) => ({ key: read.key, line: read.line, ...(read.default === undefined ? {} : { default: read.default }) }));
}

// The reads found in each file, kept while the file is unchanged (same size and mtime): `check` and the engine scan
// a schema-less service's code on every inspection, and reading unchanged files again would make that slow.
const readsCache = new Map<string, { size: number; mtimeMs: number; reads: ReturnType<typeof readsInText> }>();
const MAX_CACHED_FILES = 20_000;

// Why: a scan that has read a source file already (the env-loader scan, see stack-code-scans.ts) leaves the reads in it here,
// so that this scan finds them without reading the file again.
export function rememberCodeReads(path: string, size: number, mtimeMs: number, text: string): void {
  const language = LANGUAGE_BY_EXTENSION[extname(path)];
  if (language) rememberReads(path, size, mtimeMs, text, language);
}

function rememberReads(path: string, size: number, mtimeMs: number, text: string, language: CodeLanguage): ReturnType<typeof readsInText> {
  const found = readsInText(text, language);
  if (readsCache.size >= MAX_CACHED_FILES) readsCache.clear();
  readsCache.set(path, { size, mtimeMs, reads: found });
  return found;
}

// The reads in one file (from the cache while it is unchanged), 'too-large', or undefined when it cannot be read.
function readsInFile(path: string, maxBytes: number, language: CodeLanguage): ReturnType<typeof readsInText> | 'too-large' | undefined {
  try {
    const { size, mtimeMs } = statSync(path);
    if (size > maxBytes) return 'too-large';
    const cached = readsCache.get(path);
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached.reads;
    return rememberReads(path, size, mtimeMs, readFileSync(path, 'utf8'), language);
  } catch {
    return undefined;
  }
}

// Why: every source file under root, bounded in count and size; `scanCodeReads` when only the reads matter.
export async function scanCodeReadsWithStats(root: string, options: ScanCodeReadsOptions = {}): Promise<CodeReadScan> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const sources = await sourceFiles(root, options.includeTests ?? false);
  const chosen = sources.slice(0, maxFiles);
  const skipped = { tooLarge: 0, overCap: sources.length - chosen.length };
  const reads: CodeRead[] = [];
  const files: string[] = [];
  for (const [index, { path, language }] of chosen.entries()) {
    if (index > 0 && index % FILES_PER_SLICE === 0) await nextSlice();
    const file = readsInFile(path, maxBytes, language);
    if (file === 'too-large') skipped.tooLarge++;
    if (typeof file !== 'object') continue;
    const rel = relative(root, path).split(sep).join('/');
    files.push(rel);
    for (const read of file) reads.push({ ...read, file: rel, language });
  }
  return { reads, files, filesRead: files.length, skipped };
}

// Why: the one question most callers ask: which keys does the code under root read, and where.
export async function scanCodeReads(root: string, options?: ScanCodeReadsOptions): Promise<CodeRead[]> {
  return (await scanCodeReadsWithStats(root, options)).reads;
}

// Why: a file's code belongs to the service whose folder holds it most closely ('.' holds everything); services that
// share that folder share it.
export function nearestFolderOf(file: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDepth = -1;
  for (const folder of folders) {
    const depth = folder === '.' ? 0 : file.startsWith(`${folder}/`) ? folder.split('/').length : -1;
    if (depth > bestDepth) {
      best = folder;
      bestDepth = depth;
    }
  }
  return best;
}

// Source files in a stable order (sorted paths, breadth by folder), so a cap always drops the same ones.
async function sourceFiles(root: string, includeTests: boolean): Promise<{ path: string; language: CodeLanguage }[]> {
  const files: { path: string; language: CodeLanguage }[] = [];
  const pending = [root];
  for (let folders = 1; pending.length > 0; folders++) {
    if (folders % FILES_PER_SLICE === 0) await nextSlice();
    const dir = pending.shift() ?? root;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (dir !== root && entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name) || (!includeTests && TEST_DIRECTORIES.has(entry.name))) continue;
        pending.push(join(dir, entry.name));
      } else if (entry.isFile()) {
        if (!includeTests && TEST_FILE.test(entry.name)) continue;
        const language = LANGUAGE_BY_EXTENSION[extname(entry.name)];
        if (language && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.min.js')) files.push({ path: join(dir, entry.name), language });
      }
    }
  }
  return files;
}

function lineFinder(text: string): (index: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
