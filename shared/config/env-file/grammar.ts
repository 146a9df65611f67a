// The dotenv grammar, written as one regular expression so that its backtracking (a quote that
// never closes falls back to an unquoted read, `A="x" y` keeps its quotes) matches dotenv's own.
// Groups: key, value. Flags: g and m as dotenv scans, d for the offsets that give us line numbers.
const QUOTED_SINGLE = String.raw`\s*'(?:\\'|[^'])*'`;
const QUOTED_DOUBLE = String.raw`\s*"(?:\\"|[^"])*"`;
const QUOTED_BACKTICK = String.raw`\s*` + '`' + String.raw`(?:\\` + '`' + String.raw`|[^` + '`' + String.raw`])*` + '`';
const UNQUOTED = String.raw`[^#\r\n]+`;

const ASSIGNMENT_SOURCE =
  String.raw`^\s*(?:export\s+)?(?<key>[\w.-]+)(?:\s*=\s*?|:\s+?)` +
  `(?<value>${QUOTED_SINGLE}|${QUOTED_DOUBLE}|${QUOTED_BACKTICK}|${UNQUOTED})?` +
  String.raw`\s*(?:#.*)?$`;

// A fresh regex per scan: a shared global regex would carry lastIndex between callers.
export function assignmentPattern(): RegExp {
  return new RegExp(ASSIGNMENT_SOURCE, 'gmd');
}

export const QUOTE_CHARACTERS = ["'", '"', '`'] as const;
export type QuoteCharacter = (typeof QUOTE_CHARACTERS)[number];

// Why: dotenv trims, strips one pair of matching outer quotes, and expands \n and \r only when
// the value began with a double quote (even if that quote was not stripped).
export function unquoteValue(raw: string): { value: string; quote: QuoteCharacter | null } {
  const trimmed = raw.trim();
  const first = trimmed[0];
  const isQuote = (QUOTE_CHARACTERS as readonly string[]).includes(first ?? '');
  const closed = isQuote && trimmed.length >= 2 && trimmed.endsWith(first as string);
  let value = closed ? trimmed.slice(1, -1) : trimmed;
  if (first === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
  return { value, quote: closed ? (first as QuoteCharacter) : null };
}

// Why: dotenv normalises CR and CRLF (also inside multiline values) before it scans.
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export const KEY_PATTERN = /^[\w.-]+$/;
