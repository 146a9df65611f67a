import type { Finding } from '../finding.ts';
import { normaliseLineEndings } from './grammar.ts';
import { LineIndex } from './line-index.ts';
import type { EnvFileEntry, ParsedEnvText } from './parse-env-text.ts';
import { addReference, type EnvReference, type OutsideLookup } from './reference.ts';

// python-dotenv's grammar (dotenv/parser.py, the version Debian ships as python3-dotenv 0.21): a reader that takes one
// statement at a time with anchored regular expressions, written here as sticky JS regexes. Python's `\s` (str.isspace)
// is wider than JS's: it holds \x1c-\x1f and \x85 but not U+FEFF, so it is spelled out.
const SPACE = String.raw`\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const INLINE_SPACE = String.raw`\t\v\f\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const sticky = (source: string) => new RegExp(source, 'y');
const MULTILINE_WHITESPACE = sticky(`[${SPACE}]*`);
const WHITESPACE = sticky(`[${INLINE_SPACE}]*`);
const EXPORT = sticky(`(?:export[${INLINE_SPACE}]+)?`);
const SINGLE_QUOTED_KEY = sticky(`'([^']+)'`);
const UNQUOTED_KEY = sticky(`([^=#${SPACE}]+)`);
const EQUAL_SIGN = sticky(`=[${INLINE_SPACE}]*`);
const SINGLE_QUOTED_VALUE = sticky(String.raw`'((?:\\'|[^'])*)'`);
const DOUBLE_QUOTED_VALUE = sticky(String.raw`"((?:\\"|[^"])*)"`);
const UNQUOTED_VALUE = sticky(String.raw`([^\r\n]*)`);
const COMMENT = sticky(String.raw`(?:[${INLINE_SPACE}]*#[^\r\n]*)?`);
const END_OF_LINE = sticky(String.raw`[${INLINE_SPACE}]*(?:\r\n|\n|\r|$)`);
const REST_OF_LINE = sticky(String.raw`[^\r\n]*(?:\r|\n|\r\n)?`);
const DOUBLE_QUOTE_ESCAPES = /\\[\\'"abfnrtv]/g;
const SINGLE_QUOTE_ESCAPES = /\\[\\']/g;
const ESCAPED: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const IS_SPACE = new RegExp(`[${SPACE}]`);

class StatementError extends Error {}

class Reader {
  position = 0;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  hasNext(): boolean {
    return this.position < this.text.length;
  }

  peek(): string {
    return this.text.slice(this.position, this.position + 1);
  }

  read(regex: RegExp): string | undefined {
    regex.lastIndex = this.position;
    const match = regex.exec(this.text);
    if (!match) throw new StatementError();
    this.position += match[0].length;
    return match[1];
  }
}

interface Binding {
  key: string;
  // null: a key without '=' (python-dotenv's None).
  value: string | null;
  quote: "'" | '"' | null;
  keyOffset: number;
  endOffset: number;
  // `KEY= #x`: the value starts with '#' after spaces (read as '#x' by 0.21, as empty by later versions).
  hashAfterSpaces: boolean;
}

// Why: one statement as python-dotenv's parse_binding reads it; a statement it cannot read is skipped to the end of its line.
function readStatements(text: string, badStatement: (offset: number) => void): Binding[] {
  const reader = new Reader(text);
  const bindings: Binding[] = [];
  while (reader.hasNext()) {
    let start = reader.position;
    try {
      reader.read(MULTILINE_WHITESPACE);
      start = reader.position;
      if (!reader.hasNext()) break;
      reader.read(EXPORT);
      const keyOffset = reader.position;
      const first = reader.peek();
      const key = first === '#' ? null : (reader.read(first === "'" ? SINGLE_QUOTED_KEY : UNQUOTED_KEY) as string);
      reader.read(WHITESPACE);
      let value: string | null = null;
      let quote: Binding['quote'] = null;
      let hashAfterSpaces = false;
      if (reader.peek() === '=') {
        const equalsAt = reader.position;
        reader.read(EQUAL_SIGN);
        const spacedOut = reader.position - equalsAt > 1;
        ({ value, quote } = readValue(reader));
        hashAfterSpaces = quote === null && spacedOut && value.startsWith('#');
      }
      const endOffset = reader.position;
      reader.read(COMMENT);
      reader.read(END_OF_LINE);
      if (key !== null) bindings.push({ key, value, quote, keyOffset, endOffset, hashAfterSpaces });
    } catch (error) {
      if (!(error instanceof StatementError)) throw error;
      reader.read(REST_OF_LINE);
      badStatement(start);
    }
  }
  return bindings;
}

function readValue(reader: Reader): { value: string; quote: Binding['quote'] } {
  const first = reader.peek();
  if (first === "'") return { value: unescape(reader.read(SINGLE_QUOTED_VALUE) as string, SINGLE_QUOTE_ESCAPES), quote: "'" };
  if (first === '"') return { value: unescape(reader.read(DOUBLE_QUOTED_VALUE) as string, DOUBLE_QUOTE_ESCAPES), quote: '"' };
  if (first === '' || first === '\n' || first === '\r') return { value: '', quote: null };
  return { value: cutComment(reader.read(UNQUOTED_VALUE) as string), quote: null };
}

function unescape(value: string, escapes: RegExp): string {
  return value.replace(escapes, (sequence) => ESCAPED[sequence[1] as string] ?? sequence);
}

// `re.sub(r"\s+#.*", "", part).rstrip()` without the regex: its backtracking is quadratic on long runs of spaces.
function cutComment(part: string): string {
  let cut = part.length;
  for (let i = 1; i < part.length; i++) {
    if (part[i] === '#' && IS_SPACE.test(part[i - 1] as string)) {
      cut = i;
      break;
    }
  }
  let end = cut;
  while (end > 0 && IS_SPACE.test(part[end - 1] as string)) end--;
  return part.slice(0, end);
}

interface PythonReference {
  start: number;
  end: number;
  name: string;
  fallback: string | undefined;
}

// `${NAME}` and `${NAME:-default}` exactly as variables.py's regex finds them, scanned in linear time: a name runs to
// the first '}' or ':', a default to the first '}' (so `${A:-${B}}` has the default `${B` and a literal '}').
export function pythonReferences(value: string): PythonReference[] {
  const found: PythonReference[] = [];
  let closeAt = -2;
  let colonAt = -2;
  let position = value.indexOf('${');
  while (position !== -1) {
    const nameStart = position + 2;
    if (closeAt < nameStart && closeAt !== -1) closeAt = value.indexOf('}', nameStart);
    if (colonAt < nameStart && colonAt !== -1) colonAt = value.indexOf(':', nameStart);
    const close = closeAt;
    const stop = colonAt !== -1 && (close === -1 || colonAt < close) ? colonAt : close;
    let matched: PythonReference | undefined;
    if (stop !== -1 && stop === close) {
      matched = { start: position, end: close + 1, name: value.slice(nameStart, close), fallback: undefined };
    } else if (stop !== -1 && value[stop + 1] === '-') {
      const fallbackClose = value.indexOf('}', stop + 2);
      if (fallbackClose !== -1) matched = { start: position, end: fallbackClose + 1, name: value.slice(nameStart, stop), fallback: value.slice(stop + 2, fallbackClose) };
    }
    if (matched) found.push(matched);
    position = value.indexOf('${', matched ? matched.end : position + 1);
  }
  return found;
}

interface Known {
  value: string | null;
  line: number;
}

// Why: python-dotenv reads a file differently from npm dotenv and expands `${NAME}`; a Python service runs with these values.
// Expansion follows load_dotenv(override=False), the default a service calls: the process environment (`outside`)
// wins over earlier lines of the file; a name set only later in the file, or nowhere, expands to its default or ''.
export function parsePythonDotenvText(text: string, file: string, outside: OutsideLookup): ParsedEnvText {
  const normalised = normaliseLineEndings(text);
  const lines = new LineIndex(normalised);
  const problems: Finding[] = [];
  const problem = (line: number, key: string | undefined, severity: Finding['severity'], message: string, suggestion: string) =>
    problems.push({ rule: 'env-file-parse', severity, key, message, suggestion, file, line });

  const bindings = readStatements(normalised, (offset) => {
    const line = lines.lineOf(offset);
    problem(line, undefined, 'warning', `python-dotenv cannot read the statement on line ${line} and skips it (it logs "could not parse statement")`,
      `Write KEY=value; close any quote on the same statement, and start a trailing comment with ' #'`);
  });
  if (normalised.startsWith('\uFEFF') && bindings[0]?.keyOffset === 0) {
    problem(1, undefined, 'warning', `the file starts with a byte-order mark; python-dotenv 0.21 makes it part of the first key, so that key is not the name it looks like (python-dotenv 1.x skips the mark)`,
      'Save the file as UTF-8 without a BOM');
  }

  const known = new Map<string, Known>();
  const lastLineOf = new Map<string, number>();
  for (const binding of bindings) lastLineOf.set(binding.key, lines.lineOf(binding.keyOffset));
  const entries: EnvFileEntry[] = [];
  for (const binding of bindings) {
    const line = lines.lineOf(binding.keyOffset);
    if (binding.value === null) {
      known.set(binding.key, { value: null, line });
      const dropped = entries.filter((entry) => entry.key === binding.key);
      for (const entry of dropped) entries.splice(entries.indexOf(entry), 1);
      problem(line, binding.key, 'warning',
        `${binding.key} on line ${line} has no '=', so python-dotenv sets nothing for it${dropped.length > 0 ? ` and drops the value on line ${dropped[dropped.length - 1]?.line}` : ''}`,
        `Write ${binding.key}=value, or remove the line`);
      continue;
    }
    if (binding.hashAfterSpaces) {
      problem(line, binding.key, 'warning', `${binding.key}'s value starts with '#' after spaces: python-dotenv 0.21 keeps it as the value, python-dotenv 1.x reads it as a comment (an empty value)`,
        `Quote the value if '#' belongs to it, or write ${binding.key}= with nothing after it`);
    }
    const endLine = lines.lineOf(Math.max(binding.keyOffset, binding.endOffset - 1));
    const expanded = expand(binding.key, binding.value, line, file, known, lastLineOf, outside, problem);
    known.set(binding.key, { value: expanded.value, line });
    entries.push({
      key: binding.key,
      value: expanded.value,
      line,
      endLine,
      quote: binding.quote,
      ...(expanded.value !== binding.value ? { raw: binding.value } : {}),
      ...(expanded.references.length > 0 ? { references: expanded.references } : {}),
    });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { entries, problems };
}

type ProblemSink = (line: number, key: string | undefined, severity: Finding['severity'], message: string, suggestion: string) => void;

function expand(key: string, value: string, line: number, file: string, known: Map<string, Known>, lastLineOf: Map<string, number>,
  outside: OutsideLookup, problem: ProblemSink): { value: string; references: EnvReference[] } {
  const found = pythonReferences(value);
  const references: EnvReference[] = [];
  if (found.length === 0) return { value, references };
  let result = '';
  let cursor = 0;
  for (const reference of found) {
    result += value.slice(cursor, reference.start);
    cursor = reference.end;
    const { name } = reference;
    const fromOutside = outside(name);
    const fromFile = known.get(name);
    if (fromOutside !== undefined) {
      result += fromOutside.value;
      addReference(references, { name, origin: { from: 'outside', source: fromOutside.source } });
    } else if (fromFile !== undefined) {
      result += fromFile.value ?? '';
      addReference(references, { name, origin: { from: 'line', file, line: fromFile.line } });
    } else if (reference.fallback !== undefined) {
      result += reference.fallback;
      addReference(references, { name, origin: { from: 'default' } });
    } else {
      result += '';
      addReference(references, { name, origin: { from: 'unset' } });
    }
    if (name === key && fromOutside === undefined && fromFile === undefined) {
      problem(line, key, 'warning', `${key} refers to itself (\${${key}}), and nothing sets ${key} before this line or in the environment, so python-dotenv puts ${reference.fallback === undefined ? 'an empty string' : 'the default'} there`,
        `Set ${key} in the environment or on an earlier line, or write its value out`);
    } else if (fromOutside === undefined && fromFile === undefined && reference.fallback === undefined) {
      const later = lastLineOf.get(name);
      problem(line, key, 'warning',
        name === ''
          ? `${key}'s value holds '\${}', which python-dotenv replaces with an empty string`
          : later !== undefined && later > line
            ? `${key} refers to \${${name}}, which is set only on line ${later}, after this line: python-dotenv expands in file order, so it is empty here`
            : `${key} refers to \${${name}}, which nothing sets (not this file before line ${line}, not the environment), so python-dotenv puts an empty string there`,
        later !== undefined && later > line ? `Move ${name} above line ${line}` : `Set ${name}, or give a default: \${${name}:-value}`);
    }
  }
  return { value: result + value.slice(cursor), references };
}
