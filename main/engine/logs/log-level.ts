import { LOG_LEVELS, type LogLevel } from '../../../shared/api/logs.ts';

// A level as a small number so a block of lines keeps its levels in a Uint8Array: 0 is "no level".
export type LevelCode = number;
export const NO_LEVEL: LevelCode = 0;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
// pino writes `level` first: `{"level":30,"time":...}`. Reading it in place avoids JSON.parse on the hot path.
const PINO_PREFIX = '{"level":';
// Level names as services spell them; `warning` is common enough outside pino to accept.
const CODE_BY_NAME = new Map<string, LevelCode>([...LOG_LEVELS.map((name, index) => [name, index + 1] as const), ['warning', 4]]);

// Why: the log view colours and filters lines by level; the supervisor asks this for every line a service prints.
export function levelOf(line: string): LogLevel | null {
  return levelFromCode(levelCodeAt(line, 0, line.length));
}

// Why: levels are stored as small numbers; readers get the contract's level back.
export function levelFromCode(code: LevelCode): LogLevel | null {
  return LOG_LEVELS[code - 1] ?? null;
}

// Why: a level is read in place (text[start, end)) and cheaply: only a line starting with '{' costs more than one comparison.
export function levelCodeAt(text: string, start: number, end: number): LevelCode {
  // A line that starts as pino writes (`{"level":30,` ... `}`) is trusted to be pino's output: its middle is not parsed.
  if (start >= end || text.charCodeAt(start) !== OPEN_BRACE) return NO_LEVEL;
  const last = text.charCodeAt(end - 1) === CLOSE_BRACE ? end - 1 : lastNonBlank(text, start, end);
  if (text.charCodeAt(last) !== CLOSE_BRACE) return NO_LEVEL;
  if (startsWithPinoPrefix(text, start)) {
    const code = readLevelValue(text, start + PINO_PREFIX.length, last);
    if (code !== undefined) return code;
  }
  return levelByParsing(text.slice(start, last + 1));
}

// `{"level":` at start, compared character by character (cheaper than startsWith on the hot path).
function startsWithPinoPrefix(text: string, start: number): boolean {
  for (let offset = 1; offset < PINO_PREFIX.length; offset++) {
    if (text.charCodeAt(start + offset) !== PINO_PREFIX.charCodeAt(offset)) return false;
  }
  return true;
}

// Why: pino's numbers (10 trace ... 60 fatal) map to names; numbers in between fall to the level below, as bunyan reads them.
export function levelCodeOfNumber(value: number): LevelCode {
  if (!Number.isFinite(value)) return NO_LEVEL;
  if (value < 20) return 1;
  if (value < 30) return 2;
  if (value < 40) return 3;
  if (value < 50) return 4;
  if (value < 60) return 5;
  return 6;
}

function levelCodeOfName(value: string): LevelCode {
  return CODE_BY_NAME.get(value.toLowerCase()) ?? NO_LEVEL;
}

// The value right after `{"level":`, when it is a plain integer or a plain string followed by ',' or '}'; undefined means "let JSON.parse decide".
function readLevelValue(text: string, from: number, last: number): LevelCode | undefined {
  const first = text.charCodeAt(from);
  if (first >= DIGIT_0 && first <= DIGIT_9) {
    let value = 0;
    let index = from;
    for (; index < last; index++) {
      const char = text.charCodeAt(index);
      if (char < DIGIT_0 || char > DIGIT_9) break;
      value = value * 10 + (char - DIGIT_0);
    }
    return isValueEnd(text.charCodeAt(index)) ? levelCodeOfNumber(value) : undefined;
  }
  if (first === QUOTE) {
    const close = text.indexOf('"', from + 1);
    if (close === -1 || close >= last || !isValueEnd(text.charCodeAt(close + 1))) return undefined;
    const name = text.slice(from + 1, close);
    return name.includes('\\') ? undefined : levelCodeOfName(name);
  }
  return undefined;
}

function isValueEnd(char: number): boolean {
  return char === COMMA || char === CLOSE_BRACE;
}

function levelByParsing(json: string): LevelCode {
  if (!json.includes('"level"')) return NO_LEVEL;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return NO_LEVEL;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return NO_LEVEL;
  const level = (parsed as { level?: unknown }).level;
  if (typeof level === 'number') return levelCodeOfNumber(level);
  if (typeof level === 'string') return levelCodeOfName(level);
  return NO_LEVEL;
}

function lastNonBlank(text: string, start: number, end: number): number {
  let index = end - 1;
  while (index > start) {
    const char = text.charCodeAt(index);
    if (char !== 0x20 && char !== 0x09 && char !== 0x0d && char !== 0x0a) break;
    index--;
  }
  return index;
}
