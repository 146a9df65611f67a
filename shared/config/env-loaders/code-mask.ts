export type SourceLanguage = 'python' | 'node';

// A source text in two views with the same offsets: `code` has comments blanked, `bare` has string contents blanked too.
export interface MaskedSource {
  code: string;
  bare: string;
}

// Why: a loader call in a comment, a docstring or a string is not a call; blanking keeps offsets (and lines) intact.
export function maskSource(text: string, language: SourceLanguage): MaskedSource {
  const code: string[] = [];
  const bare: string[] = [];
  const keep = (from: number, to: number) => {
    const part = text.slice(from, to);
    code.push(part);
    bare.push(part);
  };
  const blank = (from: number, to: number, inBare: boolean) => {
    const part = text.slice(from, to);
    const blanked = part.replace(/[^\n]/g, ' ');
    code.push(inBare ? part : blanked);
    bare.push(blanked);
  };
  let i = 0;
  let run = 0;
  while (i < text.length) {
    const end = language === 'python' ? pythonTokenEnd(text, i) : nodeTokenEnd(text, i);
    if (end.kind === 'code') {
      i++;
      continue;
    }
    keep(run, i);
    if (end.kind === 'comment') blank(i, end.to, false);
    else {
      // The quotes stay in both views, so a reader of `bare` still sees where a string sits.
      keep(i, end.open);
      blank(end.open, end.close, true);
      keep(end.close, end.to);
    }
    i = end.to;
    run = i;
  }
  keep(run, text.length);
  return { code: code.join(''), bare: bare.join('') };
}

type TokenEnd = { kind: 'code' } | { kind: 'comment'; to: number } | { kind: 'string'; open: number; close: number; to: number };

function pythonTokenEnd(text: string, i: number): TokenEnd {
  const char = text[i];
  if (char === '#') return { kind: 'comment', to: lineEnd(text, i) };
  if (char !== '"' && char !== "'") return { kind: 'code' };
  const triple = text.startsWith(char.repeat(3), i);
  const quote = triple ? char.repeat(3) : char;
  let j = i + quote.length;
  while (j < text.length) {
    if (text[j] === '\\') {
      j += 2;
      continue;
    }
    if (text.startsWith(quote, j)) return { kind: 'string', open: i + quote.length, close: j, to: j + quote.length };
    // A one-line string that never closes ends at the line's end: the damage stays on one line.
    if (!triple && text[j] === '\n') return { kind: 'string', open: i + 1, close: j, to: j };
    j++;
  }
  return { kind: 'string', open: i + quote.length, close: text.length, to: text.length };
}

function nodeTokenEnd(text: string, i: number): TokenEnd {
  const char = text[i];
  if (char === '/' && text[i + 1] === '/') return { kind: 'comment', to: lineEnd(text, i) };
  if (char === '/' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return { kind: 'comment', to: close === -1 ? text.length : close + 2 };
  }
  if (char !== '"' && char !== "'" && char !== '`') return { kind: 'code' };
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === '\\') {
      j += 2;
      continue;
    }
    if (text[j] === char) return { kind: 'string', open: i + 1, close: j, to: j + 1 };
    if (char !== '`' && text[j] === '\n') return { kind: 'string', open: i + 1, close: j, to: j };
    j++;
  }
  return { kind: 'string', open: i + 1, close: text.length, to: text.length };
}

function lineEnd(text: string, i: number): number {
  const newline = text.indexOf('\n', i);
  return newline === -1 ? text.length : newline;
}
