import type { Finding } from '../finding.ts';
import { LineIndex } from './line-index.ts';
import type { EnvFileEntry, ParsedEnvText } from './parse-env-text.ts';
import { addReference, type EnvReference, type OutsideLookup } from './reference.ts';

// docker compose's env_file reader (compose-go v2 dotenv/parser.go and template/template.go). No compose engine runs
// here, so this follows the documented rules and compose-go's source; its tests are a corpus of those rules.
// Go's unicode.IsSpace (statement starts, trimming) and the parser's own isSpace (inside a line: no '\n').
const GO_SPACE = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LINE_SPACE = /[\t\v\f\r \x85\xa0]/;
const KEY_RUNE = /[_.\-[\]\p{L}\p{N}]/u;
const EXPORT = /^export[\t\n\f\r ]+/;
const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const ESCAPED: Record<string, string> = { a: '\x07', b: '\b', c: '\\c', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

class ComposeError extends Error {}

interface Scope {
  file: string;
  line: number;
  outside: OutsideLookup;
  earlier: Map<string, { value: string; line: number }>;
  references: EnvReference[];
  unset: string[];
}

// Why: a service started by docker compose gets these values: compose rejects a whole file it cannot read, expands
// `$NAME`/`${NAME...}` in unquoted and double-quoted values, and looks names up in its environment (`outside`) first,
// then in the lines of the file read so far.
export function parseComposeEnvText(text: string, file: string, outside: OutsideLookup): ParsedEnvText {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const entries: EnvFileEntry[] = [];
  const problems: Finding[] = [];
  const earlier = new Map<string, { value: string; line: number }>();
  let position = 0;
  try {
    for (;;) {
      position = statementStart(source, position);
      if (position === -1) break;
      const line = lines.lineOf(position);
      const scope: Scope = { file, line, outside, earlier, references: [], unset: [] };
      const statement = readStatement(source, position, scope);
      position = statement.next;
      if (statement.key === undefined) continue;
      if (statement.key === '') {
        problems.push({ rule: 'env-file-parse', severity: 'warning', file, line, message: `line ${line} has no key before its '=' or ':'`, suggestion: 'Write KEY=value' });
        continue;
      }
      const entry: EnvFileEntry = {
        key: statement.key,
        value: statement.value,
        line,
        endLine: lines.lineOf(Math.max(position - 1, statement.valueStart)),
        quote: statement.quote,
        ...(statement.raw !== undefined && statement.raw !== statement.value ? { raw: statement.raw } : {}),
        ...(scope.references.length > 0 ? { references: scope.references } : {}),
      };
      entries.push(entry);
      earlier.set(entry.key, { value: entry.value, line });
      for (const name of scope.unset) {
        problems.push({ rule: 'env-file-parse', severity: 'warning', key: entry.key, file, line,
          message: `${entry.key} refers to \${${name}}, which is not set (not in the environment, not on an earlier line), so docker compose uses a blank string`,
          suggestion: `Set ${name}, or give a default: \${${name}:-value}` });
      }
    }
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    const line = lines.lineOf(Math.min(position, Math.max(source.length - 1, 0)));
    return { entries: [], problems: [{ rule: 'env-file-parse', severity: 'error', file, line,
      message: `docker compose refuses this file, so the service gets none of its values: ${error.message} (line ${line})`,
      suggestion: 'Fix the line: KEY=value, keys of letters, digits, _ . - [ ]' }] };
  }
  return { entries, problems };
}

// The next statement, past whitespace and comment lines; -1 at the end.
function statementStart(source: string, from: number): number {
  let position = from;
  for (;;) {
    while (position < source.length && GO_SPACE.test(source[position] as string)) position++;
    if (position >= source.length) return -1;
    if (source[position] !== '#') return position;
    const newline = source.indexOf('\n', position);
    if (newline === -1) return -1;
    position = newline;
  }
}

interface Statement {
  key?: string;
  value: string;
  raw?: string;
  quote: "'" | '"' | null;
  valueStart: number;
  next: number;
}

function readStatement(source: string, start: number, scope: Scope): Statement {
  let position = start;
  const exported = EXPORT.exec(source.slice(position, position + 64));
  if (exported) {
    position += 'export'.length;
    while (position < source.length && LINE_SPACE.test(source[position] as string)) position++;
  }
  let end = position;
  let terminator: string | undefined;
  for (; end < source.length; end++) {
    const char = source[end] as string;
    if (LINE_SPACE.test(char)) continue;
    if (char === '=' || char === ':' || char === '\n') {
      terminator = char;
      break;
    }
    const code = source.codePointAt(end) as number;
    const rune = String.fromCodePoint(code);
    if (!KEY_RUNE.test(rune)) throw new ComposeError(`unexpected character ${JSON.stringify(rune)} in a variable name`);
    if (code > 0xffff) end++;
  }
  if (terminator === undefined) throw new ComposeError(`'${printable(source.slice(position, end))}' at the end of the file has no '='`);
  const key = trimEndGoSpace(source.slice(position, end));
  if (key.includes(' ')) throw new ComposeError('a key cannot contain a space');
  let valueStart = end + 1;
  if (terminator === '\n') {
    const fromOutside = scope.outside(key);
    if (fromOutside === undefined) return { value: '', quote: null, valueStart, next: valueStart };
    addReference(scope.references, { name: key, origin: { from: 'outside', source: fromOutside.source } });
    return { key, value: fromOutside.value, raw: '', quote: null, valueStart, next: valueStart };
  }
  while (valueStart < source.length && LINE_SPACE.test(source[valueStart] as string)) valueStart++;
  const quote = source[valueStart];
  if (quote !== '"' && quote !== "'") {
    const newline = source.indexOf('\n', valueStart);
    const lineEnd = newline === -1 ? source.length : newline;
    let raw = source.slice(valueStart, lineEnd);
    const comment = raw.indexOf(' #');
    if (comment !== -1) raw = raw.slice(0, comment);
    raw = trimEndGoSpace(raw);
    return { key, value: substitute(raw, scope), raw, quote: null, valueStart, next: newline === -1 ? source.length : newline + 1 };
  }
  let chars = '';
  let escaped = false;
  for (let i = valueStart + 1; i < source.length; i++) {
    const char = source[i] as string;
    if (escaped) {
      escaped = false;
      if (char !== quote) chars += '\\';
      chars += char;
    } else if (char === '\\') escaped = true;
    else if (char === quote) {
      if (quote === "'") return { key, value: chars, quote, valueStart, next: i + 1 };
      const unescaped = expandEscapes(chars);
      return { key, value: substitute(unescaped, scope), raw: chars, quote, valueStart, next: i + 1 };
    } else chars += char;
  }
  throw new ComposeError(`${key}'s ${quote} quote is never closed`);
}

// Double-quoted escapes as compose-go's expandEscapes: \n \t ... and \0ooo octal; `\$` becomes `$$`, a literal '$'.
function expandEscapes(text: string): string {
  return text.replace(ESCAPE, (sequence) => {
    if (sequence === '\\$') return '$$';
    if (sequence.startsWith('\\0')) {
      const digits = sequence.slice(2);
      return digits.length === 3 && /^[0-7]{3}$/.test(digits) && parseInt(digits, 8) < 256 ? String.fromCharCode(parseInt(digits, 8)) : sequence;
    }
    return ESCAPED[sequence[1] as string] ?? sequence;
  });
}

// compose-go's template.Substitute: `$$`, `$NAME`, `${NAME}`, and `${NAME:-d}` `-` `:+` `+` `:?` `?` with nested
// substitution in the default; the environment is asked first, then the file's earlier lines.
function substitute(template: string, scope: Scope, depth = 0): string {
  if (depth > 32) throw new ComposeError('references nest deeper than 32 levels');
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar === -1 || dollar === template.length - 1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    const next = template[dollar + 1] as string;
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(template, dollar);
      if (close === -1) throw new ComposeError(`invalid interpolation format: '\${' without its '}'`);
      out += braced(template.slice(dollar + 2, close), scope, depth);
      i = close + 1;
    } else {
      const name = NAME.exec(template.slice(dollar + 1, dollar + 257))?.[0];
      if (name === undefined) {
        out += '$';
        i = dollar + 1;
      } else {
        out += lookup(name, scope) ?? '';
        i = dollar + 1 + name.length;
      }
    }
  }
  return out;
}

// The '}' that closes the `${` at `start`, counting the `${` opened inside it.
function closingBrace(template: string, start: number): number {
  let open = 0;
  for (let i = start; i < template.length; i++) {
    if (template[i] === '\n') return -1;
    if (template[i] === '}' && --open === 0) return i;
    if (template[i] === '$' && template[i + 1] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function braced(inner: string, scope: Scope, depth: number): string {
  const name = NAME.exec(inner)?.[0];
  if (name === undefined) throw new ComposeError(`invalid interpolation format: '\${${printable(inner)}}'`);
  const rest = inner.slice(name.length);
  if (rest === '') return lookup(name, scope) ?? '';
  const operator = /^:?[-+?]/.exec(rest)?.[0];
  if (operator === undefined) throw new ComposeError(`invalid interpolation format: '\${${printable(inner)}}'`);
  const argument = rest.slice(operator.length);
  const value = lookup(name, scope, operator.endsWith('-') || operator.endsWith('+'));
  const missing = value === undefined || (operator.startsWith(':') && value === '');
  if (operator.endsWith('?')) {
    if (missing) throw new ComposeError(`required variable ${name} is missing a value${argument ? `: ${printable(argument)}` : ''}`);
    return value as string;
  }
  if (operator.endsWith('-')) {
    if (!missing) return value as string;
    addReference(scope.references, { name, origin: { from: 'default' } });
    return substitute(argument, scope, depth + 1);
  }
  if (missing) return '';
  addReference(scope.references, { name, origin: { from: 'default' } });
  return substitute(argument, scope, depth + 1);
}

// The environment first, then the file's earlier lines; unset names are noted for a finding unless a default covers them.
function lookup(name: string, scope: Scope, covered = false): string | undefined {
  const fromOutside = scope.outside(name);
  if (fromOutside !== undefined) {
    addReference(scope.references, { name, origin: { from: 'outside', source: fromOutside.source } });
    return fromOutside.value;
  }
  const earlier = scope.earlier.get(name);
  if (earlier !== undefined) {
    addReference(scope.references, { name, origin: { from: 'line', file: scope.file, line: earlier.line } });
    return earlier.value;
  }
  if (!covered) {
    addReference(scope.references, { name, origin: { from: 'unset' } });
    if (!scope.unset.includes(name)) scope.unset.push(name);
  }
  return undefined;
}

function trimEndGoSpace(text: string): string {
  let end = text.length;
  while (end > 0 && GO_SPACE.test(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

function printable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 37)}...` : clean;
}
