import { stripVTControlCharacters } from 'node:util';
import { createContext, runInContext, type Context } from 'node:vm';
import { LOG_LEVELS, type LogLevel, type LogLine } from '../../shared/api/logs.ts';

export interface LogFilter {
  // At this level or above; lines without a recognised level are left out.
  level?: LogLevel;
  // Case-insensitive text, or a regular expression when `regex`.
  query?: string;
  regex?: boolean;
  // The last this many matches.
  limit: number;
}

// What an agent reads of a line: plain text (no colour codes) and a wall-clock time.
export interface ShownLogLine {
  seq: number;
  time: string;
  stream: LogLine['stream'];
  level: LogLevel | null;
  text: string;
}

export interface LogSearchResult {
  lines: ShownLogLine[];
  // Lines that passed the filters (before the limit) and lines looked at.
  matched: number;
  scanned: number;
}

// A regular expression written to backtrack forever (`(a+)+$`) is stopped, not allowed to hang the server.
export const REGEX_BUDGET_MS = 1_000;

export class LogSearchError extends Error {}

// Why: read_logs and search_logs filter the engine's backlog the same way: level, then text or pattern, then the last N.
export function searchLogLines(lines: readonly LogLine[], filter: LogFilter, budgetMs = REGEX_BUDGET_MS): LogSearchResult {
  const minimum = filter.level === undefined ? -1 : LOG_LEVELS.indexOf(filter.level);
  const texts: string[] = [];
  const kept: LogLine[] = [];
  for (const line of lines) {
    if (minimum >= 0 && (line.level === null || LOG_LEVELS.indexOf(line.level) < minimum)) continue;
    kept.push(line);
    texts.push(stripVTControlCharacters(line.text));
  }
  const hits = filter.query === undefined ? texts.map((_text, index) => index) : matchingIndexes(texts, filter.query, filter.regex ?? false, budgetMs);
  const shown = hits.slice(-filter.limit).map((index) => {
    const line = kept[index] as LogLine;
    return { seq: line.seq, time: new Date(line.time).toISOString(), stream: line.stream, level: line.level, text: texts[index] as string };
  });
  return { lines: shown, matched: hits.length, scanned: lines.length };
}

function matchingIndexes(texts: readonly string[], query: string, regex: boolean, budgetMs: number): number[] {
  if (!regex) {
    const needle = query.toLowerCase();
    return texts.flatMap((text, index) => (text.toLowerCase().includes(needle) ? [index] : []));
  }
  // Made once (a context costs milliseconds); each search puts its lines and pattern in and takes them out again.
  sandbox ??= createContext({});
  sandbox.texts = texts;
  sandbox.pattern = new RegExp(query, 'i');
  try {
    // Run where a deadline can interrupt it: V8 stops even a regular expression in the middle of its backtracking.
    return runInContext('texts.flatMap((text, index) => (pattern.test(text) ? [index] : []))', sandbox, { timeout: budgetMs }) as number[];
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new LogSearchError(`the regular expression ${JSON.stringify(query)} took over ${budgetMs} ms on ${texts.length} lines (it backtracks too much): simplify it, or search for plain text`);
    }
    throw error;
  } finally {
    sandbox.texts = undefined;
    sandbox.pattern = undefined;
  }
}

let sandbox: Context | undefined;
