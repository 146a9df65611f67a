import { describe, expect, it } from 'vitest';
import { assignmentPattern, normaliseLineEndings, unquoteValue } from './grammar.ts';

describe('unquoteValue', () => {
  it.each([
    ['  plain  ', 'plain', null],
    ['"a\\nb"', 'a\nb', '"'],
    ["'a\\nb'", 'a\\nb', "'"],
    ['`x`', 'x', '`'],
    ['"x" y', '"x" y', null],
    ['"', '"', null],
    ['""', '', '"'],
  ] as const)('reads %j as %j', (raw, value, quote) => {
    expect(unquoteValue(raw)).toEqual({ value, quote });
  });
});

describe('assignmentPattern', () => {
  it('gives a fresh regex each time, so scans never share lastIndex', () => {
    const first = assignmentPattern();
    first.exec('A=1\nB=2');
    expect(assignmentPattern().lastIndex).toBe(0);
    expect(first).not.toBe(assignmentPattern());
  });
});

describe('normaliseLineEndings', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(normaliseLineEndings('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
});
