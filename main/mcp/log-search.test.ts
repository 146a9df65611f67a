import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LEVELS, type LogLine } from '../../shared/api/logs.ts';
import { LogSearchError, searchLogLines } from './log-search.ts';

const line = (seq: number, text: string, level: LogLine['level'] = null, stream: LogLine['stream'] = 'stdout'): LogLine => ({ service: 'api', seq, time: 1_700_000_000_000 + seq, stream, text, level });

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('searchLogLines', () => {
  it('keeps the last N lines, without colour codes, with ISO times', () => {
    const lines = [line(0, 'one'), line(1, '\u001b[31mtwo\u001b[39m'), line(2, 'three')];
    const result = searchLogLines(lines, { limit: 2 });
    expect(result).toEqual({
      lines: [
        { seq: 1, time: new Date(1_700_000_000_001).toISOString(), stream: 'stdout', level: null, text: 'two' },
        { seq: 2, time: new Date(1_700_000_000_002).toISOString(), stream: 'stdout', level: null, text: 'three' },
      ],
      matched: 3,
      scanned: 3,
    });
  });

  it('keeps lines at the level or above and leaves out lines with no level', () => {
    const lines = [line(0, 'a', 'debug'), line(1, 'b', 'warn'), line(2, 'c', null, 'stderr'), line(3, 'd', 'fatal'), line(4, 'e', 'info')];
    expect(searchLogLines(lines, { level: 'warn', limit: 10 }).lines.map((entry) => entry.text)).toEqual(['b', 'd']);
    expect(searchLogLines(lines, { level: 'trace', limit: 10 }).matched).toBe(4);
  });

  it('finds text case-insensitively in what is shown (colour codes cannot split a word)', () => {
    const lines = [line(0, 'Connection \u001b[1mREFUSED\u001b[0m'), line(1, 'ok'), line(2, 'connection refused again')];
    const result = searchLogLines(lines, { query: 'connection refused', limit: 10 });
    expect(result.lines.map((entry) => entry.seq)).toEqual([0, 2]);
    expect(searchLogLines(lines, { query: 'conn.*again', regex: true, limit: 10 }).lines.map((entry) => entry.seq)).toEqual([2]);
    expect(searchLogLines(lines, { query: 'conn.*again', limit: 10 }).matched).toBe(0);
  });

  it('stops a regular expression that backtracks for ever, with a message saying so', () => {
    const lines = Array.from({ length: 5 }, (_, seq) => line(seq, `${'a'.repeat(40)}b`));
    expect(() => searchLogLines(lines, { query: '^(a+)+$', regex: true, limit: 10 }, 200)).toThrow(LogSearchError);
    expect(() => searchLogLines(lines, { query: '^(a+)+$', regex: true, limit: 10 }, 200)).toThrow(/took over 200 ms on 5 lines/);
  });

  // Differential: a text search is String.includes on the lower-cased line, and the same text as an escaped regex agrees.
  it('text search agrees with includes() and with the same text as an escaped regular expression', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', ' ', '.', '*', '(', 'é'), maxLength: 12 });
    fc.assert(fc.property(
      fc.array(fc.record({ text, level: fc.option(fc.constantFrom(...LOG_LEVELS), { nil: null }) }), { maxLength: 30 }),
      text.filter((query) => query.length > 0),
      fc.integer({ min: 1, max: 40 }),
      (entries, query, limit) => {
        const lines = entries.map((entry, seq) => line(seq, entry.text, entry.level));
        const expected = lines.filter((candidate) => candidate.text.toLowerCase().includes(query.toLowerCase())).map((candidate) => candidate.seq);
        const plain = searchLogLines(lines, { query, limit });
        expect(plain.matched).toBe(expected.length);
        expect(plain.lines.map((entry) => entry.seq)).toEqual(expected.slice(-limit));
        expect(searchLogLines(lines, { query: escapeRegex(query), regex: true, limit }).lines).toEqual(plain.lines);
      },
    ), { numRuns: 300 });
  });
});
