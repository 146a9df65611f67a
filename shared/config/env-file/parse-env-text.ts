import type { Finding } from '../finding.ts';
import { KEY_PATTERN, assignmentPattern, normaliseLineEndings, unquoteValue, type QuoteCharacter } from './grammar.ts';
import { LineIndex } from './line-index.ts';
import type { EnvReference } from './reference.ts';

export interface EnvFileEntry {
  key: string;
  value: string;
  // 1-based line of the key, and of the value's last character (they differ for multiline values).
  line: number;
  endLine: number;
  quote: QuoteCharacter | null;
  // The value as written, when the dialect's expansion changed it (`${DATABASE_HOST}`).
  raw?: string;
  // The names the value referred to and where each one's value came from, in the order the loader looked them up.
  references?: EnvReference[];
}

export interface ParsedEnvText {
  // Every assignment in file order, duplicates included: the last one of a key wins.
  entries: EnvFileEntry[];
  problems: Finding[];
}

// Why: dotenv drops what it cannot read without a word; we read the same values and say what was dropped or surprising.
export function parseEnvText(text: string, file: string): ParsedEnvText {
  const normalised = normaliseLineEndings(text);
  const lines = new LineIndex(normalised);
  const covered = new Uint8Array(lines.lineCount + 1);
  const entries: EnvFileEntry[] = [];
  const problems: Finding[] = [];
  const problem = (line: number, key: string | undefined, severity: Finding['severity'], message: string, suggestion: string) =>
    problems.push({ rule: 'env-file-parse', severity, key, message, suggestion, file, line });

  for (const match of normalised.matchAll(assignmentPattern())) {
    const indices = match.indices?.groups;
    const key = match.groups?.key as string;
    const keyStart = indices?.key?.[0] ?? match.index;
    const rawValue = match.groups?.value ?? '';
    const valueSpan = indices?.value;
    const line = lines.lineOf(keyStart);
    const endLine = lines.lineOf(Math.max(match.index, match.index + match[0].length - 1));
    for (let l = lines.lineOf(match.index); l <= endLine; l++) covered[l] = 1;
    const { value, quote } = unquoteValue(rawValue);
    entries.push({ key, value, line, endLine: valueSpan ? lines.lineOf(Math.max(valueSpan[0], valueSpan[1] - 1)) : line, quote });

    const trimmedRaw = rawValue.trim();
    if (valueSpan && quote === null && trimmedRaw.length > 0) {
      const opening = trimmedRaw[0] as string;
      if ('\'"`'.includes(opening)) {
        const closesLater = trimmedRaw.indexOf(opening, 1) !== -1;
        problem(line, key, 'warning',
          closesLater
            ? `${key} has text after its closing quote, so dotenv keeps the quote characters in the value`
            : `${key}'s value opens a ${opening} quote that is never closed, so the quote character becomes part of the value`,
          closesLater ? `Move the text inside the quotes, or start a comment with ' #'` : `Close the quote on line ${line}`);
      }
      const after = normalised[valueSpan[1]];
      const lastOfValue = normalised[valueSpan[1] - 1] ?? ' ';
      if (after === '#' && !/\s/.test(lastOfValue)) {
        problem(line, key, 'warning',
          `${key}'s unquoted value is cut at '#': everything after it is read as a comment`,
          `Quote the value if '#' belongs to it: ${key}="..."`);
      }
    }
    const valueEndLine = entries[entries.length - 1]?.endLine ?? line;
    if (quote !== null && valueEndLine > line) {
      const swallowed = swallowedAssignments(lines, line + 1, valueEndLine);
      if (swallowed.length > 0) {
        problem(line, key, 'warning',
          `${key}'s ${quote} quote opened on line ${line} closes only on line ${valueEndLine}, so ${swallowed.join(', ')} on the lines between are part of its value, not variables`,
          `Close the quote on line ${line} if the value was meant to be one line`);
      }
    }
  }

  reportDuplicates(entries, problem);
  reportDroppedLines(lines, covered, problem);
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { entries, problems };
}

// Lines inside a multiline value that look like assignments: the sign of a quote left open.
function swallowedAssignments(lines: LineIndex, from: number, to: number): string[] {
  const keys: string[] = [];
  for (let l = from; l <= to; l++) {
    const found = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(lines.lineText(l));
    if (found?.[1]) keys.push(found[1]);
  }
  return keys;
}

type ProblemSink = (line: number, key: string | undefined, severity: Finding['severity'], message: string, suggestion: string) => void;

function reportDuplicates(entries: EnvFileEntry[], problem: ProblemSink): void {
  const lastLine = new Map<string, number>();
  for (const entry of entries) {
    const previous = lastLine.get(entry.key);
    if (previous !== undefined) {
      problem(entry.line, entry.key, 'warning',
        `${entry.key} is set again here; the value on line ${previous} is overridden (the last one in a file wins)`,
        `Remove one of the two lines`);
    }
    lastLine.set(entry.key, entry.line);
  }
}

// Why: the lines dotenv silently skips are the ones a user most needs to hear about.
function reportDroppedLines(lines: LineIndex, covered: Uint8Array, problem: ProblemSink): void {
  for (let line = 1; line <= lines.lineCount; line++) {
    if (covered[line]) continue;
    const text = lines.lineText(line).replace(/^\uFEFF/, '').trim();
    if (text === '' || text.startsWith('#')) continue;
    const { message, suggestion } = explainDroppedLine(text);
    problem(line, undefinedIfInvalid(text), 'warning', message, suggestion);
  }
}

// A key only where the line clearly names one: the first word of a bare line may be a stray piece of a secret.
function undefinedIfInvalid(text: string): string | undefined {
  const key = /^(?:export\s+)?([\w.-]+)\s*(?:[=:]|$)/.exec(text)?.[1];
  const named = /[=:]/.test(text) || /^export\s+[\w.-]+\s*$/.test(text);
  return named && key && KEY_PATTERN.test(key) ? key : undefined;
}

function explainDroppedLine(text: string): { message: string; suggestion: string } {
  const exported = /^export\s+([\w.-]+)\s*$/.exec(text);
  if (exported) {
    return { message: `'export ${exported[1]}' has no value, so dotenv ignores the line`, suggestion: `Write export ${exported[1]}=value` };
  }
  const colon = /^(?:export\s+)?([\w.-]+):(\S.*)$/.exec(text);
  if (colon) {
    return { message: `'${colon[1]}:' needs whitespace after the colon, so dotenv ignores the line`, suggestion: `Write ${colon[1]}=... or ${colon[1]}: ...` };
  }
  const separator = text.search(/[=:]/);
  if (separator === -1) {
    return { message: `this line has no '=', so it sets nothing and dotenv ignores it`, suggestion: `Write KEY=value, or start the line with '#' to make it a comment` };
  }
  const key = text.slice(0, separator).replace(/^export\s+/, '').trim();
  if (key === '') {
    return { message: `this line has no key before '${text[separator]}', so dotenv ignores it`, suggestion: `Write KEY=value` };
  }
  return {
    message: `the key '${printable(key)}' may only hold ASCII letters, digits, '_', '.' and '-', so dotenv ignores the line`,
    suggestion: `Rename it, e.g. ${printable(key).replace(/[^\w.-]+/g, '_')}`,
  };
}

// Keys go into messages: keep them short and free of control characters.
function printable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}
