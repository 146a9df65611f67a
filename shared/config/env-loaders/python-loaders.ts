import type { MaskedSource } from './code-mask.ts';
import type { LoaderCall, LoaderPath } from './env-loader.ts';
import {
  callText, codeRelativePath, joinPieces, keywordOf, lineIndex, literalsIn, matchingClose, sliceOf, splitTopLevel, stringLiteral, trim, type Slice,
} from './source-slice.ts';

const DEFAULT_ENV = '.env';

interface Arguments {
  positional: Slice[];
  keywords: Map<string, Slice>;
}

// Why: python-dotenv, environs, pydantic-settings and python-decouple each decide whether the launcher's values survive.
export function findPythonLoaderCalls(source: MaskedSource): LoaderCall[] {
  const lineOf = lineIndex(source.bare);
  const calls: LoaderCall[] = [];
  const callsOf = (pattern: RegExp, build: (args: Arguments, line: number, call: string) => LoaderCall | undefined) => {
    for (const match of source.bare.matchAll(pattern)) {
      const open = match.index + match[0].length - 1;
      const close = matchingClose(source.bare, open);
      if (close === -1) continue;
      const built = build(argumentsOf(sliceOf(source, open + 1, close)), lineOf(match.index), callText(source.code.slice(match.index, close + 1)));
      if (built) calls.push(built);
    }
  };

  // load_dotenv(dotenv_path=None, stream=None, verbose=False, override=False, ...): without a path it searches upward
  // from the calling file's folder (find_dotenv); a relative path is opened from the process's cwd.
  callsOf(/(?<![\w.])(?:[A-Za-z_]\w*\.)?load_dotenv\s*\(/g, (args, line, call) => {
    const path = argument(args, 0, 'dotenv_path');
    const stream = argument(args, 1, 'stream');
    const paths = path && !isNone(path) ? [pythonPath(path)] : stream && !isNone(stream) ? [{ expression: stream.code }] : [{ name: DEFAULT_ENV, base: 'search-up-from-code' as const }];
    return { kind: 'python-dotenv', line, call, override: isTrue(argument(args, 3, 'override')), paths };
  });

  // environs: env.read_env(path=None, recurse=True, verbose=False, override=False) searches upward unless recurse=False.
  if (/\bfrom\s+environs\s+import\b|\bimport\s+environs\b/.test(source.bare)) {
    callsOf(/(?<![\w.])[A-Za-z_]\w*\.read_env\s*\(/g, (args, line, call) => {
      const path = argument(args, 0, 'path');
      const recurse = argument(args, 1, 'recurse');
      const recursive = !recurse || !/^False$/.test(recurse.code);
      const named = path && !isNone(path) ? pythonPath(path) : { name: DEFAULT_ENV, base: 'code' as const };
      const paths = 'name' in named && recursive ? [{ name: named.name, base: named.base === 'code' ? 'search-up-from-code' as const : 'search-up-from-cwd' as const }] : [named];
      return { kind: 'environs', line, call, override: isTrue(argument(args, 3, 'override')), paths };
    });
  }

  // pydantic-settings reads env_file below the environment: the launcher's values win, whatever the file says.
  if (/\bpydantic(?:_settings)?\b/.test(source.bare)) {
    for (const match of source.bare.matchAll(/(?<![\w.])_?env_file\s*=(?!=)|(["'])\s*\1\s*:/g)) {
      // A dict key ('env_file': ...) is blanked in `bare`; its name is read from `code`.
      if (match[1] !== undefined && source.code.slice(match.index + 1, source.bare.indexOf(match[1], match.index + 1)) !== 'env_file') continue;
      const value = valueAfter(source, match.index + match[0].length);
      if (isNone(value)) continue;
      const list = /^[([]/.test(value.bare) ? splitTopLevel(sliceOf(source, value.start + 1, value.start + value.bare.length - 1)) : [value];
      calls.push({
        kind: 'pydantic-settings', line: lineOf(match.index), override: false,
        call: callText(source.code.slice(match.index, value.start + value.code.length)),
        paths: list.map(pythonPath),
      });
    }
  }

  // python-decouple: `config('KEY')` reads os.environ first, then the nearest .env upward from the caller.
  for (const match of source.bare.matchAll(/^[ \t]*(?:from\s+decouple\s+import\b.*|import\s+decouple\b.*)$/gm)) {
    calls.push({ kind: 'python-decouple', line: lineOf(match.index), call: callText(match[0]), override: false, paths: [{ name: DEFAULT_ENV, base: 'search-up-from-code' }] });
  }
  return calls.sort((a, b) => a.line - b.line);
}

function argumentsOf(inner: Slice): Arguments {
  const positional: Slice[] = [];
  const keywords = new Map<string, Slice>();
  for (const part of splitTopLevel(inner)) {
    const keyword = keywordOf(part, '=');
    if (keyword) keywords.set(keyword.name, keyword.value);
    else if (!part.bare.startsWith('*')) positional.push(part);
  }
  return { positional, keywords };
}

function argument(args: Arguments, index: number, name: string): Slice | undefined {
  return args.keywords.get(name) ?? args.positional[index];
}

function isTrue(value: Slice | undefined): boolean {
  return value !== undefined && value.code === 'True';
}

function isNone(value: Slice): boolean {
  return value.code === 'None' || value.code === '';
}

// The expression after `=` or `:`, up to the next top-level comma, closing bracket or line end.
function valueAfter(source: MaskedSource, from: number): Slice {
  let depth = 0;
  let i = from;
  for (; i < source.bare.length; i++) {
    const char = source.bare[i];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (char === ',' || char === '\n' || char === ';')) break;
  }
  return trim(sliceOf(source, from, i));
}

// A path argument as python-dotenv and pydantic-settings read it: a plain string is relative to the process's cwd.
export function pythonPath(value: Slice): LoaderPath {
  const literal = stringLiteral(value, 'python');
  if (literal !== undefined) return { name: literal, base: 'cwd' };
  const finder = /^(?:[A-Za-z_]\w*\.)?find_dotenv\s*\(/.exec(value.bare);
  if (finder) {
    const close = matchingClose(value.bare, finder[0].length - 1);
    const args = argumentsOf({ code: value.code.slice(finder[0].length, close), bare: value.bare.slice(finder[0].length, close), start: value.start + finder[0].length });
    const filename = argument(args, 0, 'filename');
    const name = filename ? stringLiteral(filename, 'python') : DEFAULT_ENV;
    if (name === undefined) return { expression: value.code };
    return { name, base: isTrue(argument(args, 2, 'usecwd')) ? 'search-up-from-cwd' : 'search-up-from-code' };
  }
  if (/\b__file__\b/.test(value.bare)) {
    const parents = /\.parents\s*\[\s*(\d+)\s*\]/.exec(value.bare);
    const steps = (value.bare.match(/\.parent\b/g)?.length ?? 0) + (value.bare.match(/\bdirname\s*\(/g)?.length ?? 0);
    return codeRelativePath(value, 'python', parents ? Number(parents[1]) + steps : steps - 1);
  }
  // Path('config') / '.env', os.path.join(os.getcwd(), '.env'): only literals, from the cwd.
  const rest = value.bare.replace(/(["'])\s*\1/g, '').replace(/\b(?:pathlib\.)?Path(?:\.cwd)?\b|\bos\.(?:getcwd|path\.join)\b|[(),/\s]/g, '');
  if (rest === '' && literalsIn(value, 'python').length > 0) return { name: joinPieces(literalsIn(value, 'python')), base: 'cwd' };
  return { expression: value.code };
}
