import { maskSource, type MaskedSource, type SourceLanguage } from './code-mask.ts';
import type { LoaderPath } from './env-loader.ts';

// A piece of masked source: both views cut at the same offsets, so structure is read in `bare` and values in `code`.
export interface Slice extends MaskedSource {
  start: number;
}

export function sliceOf(source: MaskedSource, from: number, to: number): Slice {
  return { code: source.code.slice(from, to), bare: source.bare.slice(from, to), start: from };
}

// Why: a call's arguments end at its matching parenthesis, which only `bare` shows truly (a ')' in a string is text).
export function matchingClose(bare: string, open: number): number {
  let depth = 0;
  for (let i = open; i < bare.length; i++) {
    const char = bare[i];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

// The parts of a slice between top-level commas, trimmed, empty parts (a trailing comma) dropped.
export function splitTopLevel(slice: Slice, separator = ','): Slice[] {
  const parts: Slice[] = [];
  let depth = 0;
  let from = 0;
  const push = (to: number) => {
    const raw = { code: slice.code.slice(from, to), bare: slice.bare.slice(from, to), start: slice.start + from };
    const trimmed = trim(raw);
    if (trimmed.bare !== '') parts.push(trimmed);
  };
  for (let i = 0; i < slice.bare.length; i++) {
    const char = slice.bare[i];
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (char === separator && depth === 0) {
      push(i);
      from = i + 1;
    }
  }
  push(slice.bare.length);
  return parts;
}

export function trim(slice: Slice): Slice {
  const lead = slice.bare.length - slice.bare.trimStart().length;
  const end = slice.bare.trimEnd().length;
  if (end <= lead) return { code: '', bare: '', start: slice.start + lead };
  return { code: slice.code.slice(lead, end), bare: slice.bare.slice(lead, end), start: slice.start + lead };
}

// A keyword argument (`override=True`, `override: true`) or a positional one.
export function keywordOf(slice: Slice, assign: '=' | ':'): { name: string; value: Slice } | undefined {
  // A quoted key ('override': true) is blanked in `bare`: its place is found there, its name read from `code`.
  const pattern = assign === '=' ? /^([A-Za-z_]\w*)\s*=(?!=)/ : /^(?:(["'])\s*\1|([A-Za-z_$][\w$]*))\s*:/;
  const match = pattern.exec(slice.bare);
  if (!match) return undefined;
  const name = assign === '=' ? match[1] : match[2] ?? /^["']([^"']*)["']/.exec(slice.code)?.[1];
  if (name === undefined) return undefined;
  const rest = { code: slice.code.slice(match[0].length), bare: slice.bare.slice(match[0].length), start: slice.start + match[0].length };
  return { name, value: trim(rest) };
}

// The value of a slice that is exactly one plain string literal; undefined for anything computed (f-strings included).
export function stringLiteral(slice: Slice, language: SourceLanguage): string | undefined {
  const match = language === 'python'
    ? /^([rRuU]?)("""|'''|"|')([\s\S]*)\2$/.exec(slice.code)
    : /^()(["'`])([\s\S]*)\2$/.exec(slice.code);
  if (!match) return undefined;
  const [, prefix = '', quote = '', body = ''] = match;
  // The body must be one string, not two ('a' + 'b' reads as one match otherwise).
  if (slice.bare.slice(prefix.length + quote.length, slice.bare.length - quote.length).trim() !== '') return undefined;
  if (quote === '`' && body.includes('${')) return undefined;
  return /r/i.test(prefix) ? body : unescape(body);
}

function unescape(body: string): string {
  return body.replace(/\\(.)/g, (_, char: string) => ({ n: '\n', t: '\t', r: '\r' })[char] ?? char);
}

// The string literals of an expression, in order (the pieces of a path built from __file__ or __dirname).
export function literalsIn(slice: Slice, language: SourceLanguage): string[] {
  const masked = maskSource(slice.code, language);
  const found: string[] = [];
  // In `bare` every quote left is a delimiter (bodies are blanked), so quotes pair up in order.
  for (let i = 0; i < masked.bare.length; i++) {
    const quote = masked.bare[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') continue;
    const close = masked.bare.indexOf(quote, i + 1);
    if (close === -1) break;
    found.push(masked.code.slice(i + 1, close));
    i = close;
  }
  return found.filter((piece) => piece !== '');
}

// Joins path pieces as posix paths do, keeping leading '..' (a path relative to a folder).
export function joinPieces(pieces: readonly string[]): string {
  const parts: string[] = [];
  for (const piece of pieces.flatMap((value) => value.split(/[\\/]+/))) {
    if (piece === '' || piece === '.') continue;
    if (piece === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(piece);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

// A path built from the code's own location: `Path(__file__).parent / '.env'`, `path.join(__dirname, '..', '.env')`.
export function codeRelativePath(slice: Slice, language: SourceLanguage, ups: number): LoaderPath {
  const pieces = literalsIn(slice, language);
  return { name: joinPieces([...Array<string>(Math.max(0, ups)).fill('..'), ...pieces]), base: 'code' };
}

// The line (1-based) of an offset.
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

// A call as written, whitespace collapsed and kept short, for messages.
export function callText(code: string): string {
  const collapsed = code.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/,\s*\)/g, ')').trim();
  return collapsed.length > 120 ? `${collapsed.slice(0, 117)}...` : collapsed;
}
