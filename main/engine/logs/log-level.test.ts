import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LEVELS } from '../../../shared/api/logs.ts';
import { levelCodeAt, levelFromCode, levelOf } from './log-level.ts';

describe('levelOf', () => {
  it('reads pino numeric levels', () => {
    const lines = [10, 20, 30, 40, 50, 60].map((level) => `{"level":${level},"time":1700000000000,"pid":42,"hostname":"h","msg":"hello"}`);
    expect(lines.map(levelOf)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
  });

  it('reads string levels, in any case, and numbers between pino steps as the step below', () => {
    expect(levelOf('{"level":"WARN","msg":"x"}')).toBe('warn');
    expect(levelOf('{"level":"warning"}')).toBe('warn');
    expect(levelOf('{"level":"error"}')).toBe('error');
    expect(levelOf('{"level":35}')).toBe('info');
    expect(levelOf('{"level":99}')).toBe('fatal');
    expect(levelOf('{"level":1}')).toBe('trace');
  });

  it('finds level when it is not the first key (bunyan, custom pino formatters)', () => {
    expect(levelOf('{"name":"api","hostname":"h","pid":1,"level":50,"msg":"boom"}')).toBe('error');
    expect(levelOf('{"time":"2025-01-01","level":"debug"}  ')).toBe('debug');
    expect(levelOf('{"level":30.5,"msg":"float goes through JSON.parse"}')).toBe('info');
  });

  it('answers null for plain text, broken JSON, JSON without a usable level, and non-objects', () => {
    for (const line of [
      '',
      'GET /health 200',
      '\u001b[31m{"level":50}\u001b[39m',
      ' {"level":50}',
      '{"level":50',
      '{"msg":"no level here"}',
      '{"level":true}',
      '{"level":"loud"}',
      '{"level":null}',
      '[{"level":50}]',
      '{}',
    ]) expect(levelOf(line), line).toBeNull();
  });

  it('trusts a line that starts and ends as pino writes it, without parsing its middle (the price of not calling JSON.parse per line)', () => {
    expect(levelOf('{"level":50, not json}')).toBe('error');
    expect(levelOf('{"level":50 }')).toBe('error');
    expect(levelOf('{"level":50 x}')).toBeNull();
  });

  it('ignores a level nested deeper than the top object', () => {
    expect(levelOf('{"msg":"x","meta":{"level":50}}')).toBeNull();
  });

  it('agrees with JSON.parse on every object whose level is written first (fast-check)', () => {
    const level = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(...LOG_LEVELS, 'INFO', 'Warning', 'nope'));
    const rest = fc.dictionary(fc.string().filter((key) => key !== 'level'), fc.jsonValue(), { maxKeys: 4 });
    fc.assert(fc.property(level, rest, (value, others) => {
      const line = JSON.stringify({ level: value, ...others });
      expect(levelOf(line)).toBe(levelBySlowPath(line));
    }));
  });

  it('reads a line in place inside a larger text', () => {
    const text = 'plain\n{"level":40,"msg":"w"}\n';
    expect(levelFromCode(levelCodeAt(text, 6, text.length - 1))).toBe('warn');
    expect(levelFromCode(levelCodeAt(text, 0, 5))).toBeNull();
  });

  it('never throws on any text (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const level = levelOf(`{${text}`);
      expect(level === null || LOG_LEVELS.includes(level)).toBe(true);
    }));
  });
});

// The plain definition the fast path must match.
function levelBySlowPath(line: string): string | null {
  const value: unknown = (JSON.parse(line) as { level?: unknown }).level;
  if (typeof value === 'number') return LOG_LEVELS[Math.min(5, Math.max(0, Math.floor(value / 10) - 1))] ?? null;
  if (typeof value !== 'string') return null;
  const name = value.toLowerCase() === 'warning' ? 'warn' : value.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(name) ? name : null;
}
