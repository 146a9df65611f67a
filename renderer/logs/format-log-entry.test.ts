import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../shared/api/logs.ts';
import { formatLogEntry, plainLogEntry, stripAnsi } from './format-log-entry.ts';
import { passesLevel } from './level-filter.ts';

const line = (patch: Partial<LogLine> = {}): LogLine => ({ service: 'auth', seq: 0, time: new Date(2025, 0, 1, 9, 5, 7, 42).getTime(), stream: 'stdout', text: 'hello', level: null, ...patch });
const prefix = { width: 7, colourIndex: (service: string) => ['auth', 'backend'].indexOf(service) };

describe('formatLogEntry', () => {
  it('keeps the line\'s own ANSI colours and ends every line with CRLF', () => {
    const text = formatLogEntry({ kind: 'line', line: line({ text: 'GET \x1b[32m200\x1b[0m' }) }, null);
    expect(text).toContain('GET \x1b[32m200\x1b[0m');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(stripAnsi(text)).toBe('09:05:07.042  GET 200\r\n');
  });

  it('prefixes each line with its service, padded, in the combined view', () => {
    expect(stripAnsi(formatLogEntry({ kind: 'line', line: line() }, prefix))).toBe('09:05:07.042 auth    │  hello\r\n');
    expect(formatLogEntry({ kind: 'line', line: line({ service: 'backend' }) }, prefix)).toContain('\x1b[35mbackend');
  });

  it('reads a JSON line as "LEVEL message key=value", dropping only logger boilerplate', () => {
    const json = JSON.stringify({ level: 30, time: 1, pid: 7, hostname: 'h', msg: 'request completed', reqId: 'r1', ms: 4 });
    expect(stripAnsi(formatLogEntry({ kind: 'line', line: line({ text: json, level: 'info' }) }, null))).toBe('09:05:07.042  INFO  request completed reqId=r1 ms=4\r\n');
    expect(stripAnsi(formatLogEntry({ kind: 'line', line: line({ text: '{not json', level: 'warn' }) }, null))).toContain('{not json');
  });

  it('marks stderr and keeps multi-line text inside the terminal\'s lines', () => {
    const text = formatLogEntry({ kind: 'line', line: line({ stream: 'stderr', text: 'Error: boom\n    at x' }) }, null);
    expect(text).toContain('\x1b[31m▌');
    expect(stripAnsi(text)).toContain('Error: boom\r\n        at x');
  });

  it('says how many lines were skipped, and why', () => {
    expect(stripAnsi(formatLogEntry({ kind: 'skipped', service: 'auth', count: 42, reason: 'engine' }, null))).toBe('── 42 lines skipped (auth) ──\r\n');
    expect(stripAnsi(formatLogEntry({ kind: 'skipped', service: '', count: 1, reason: 'dashboard' }, null))).toBe('── 1 line skipped: the dashboard could not keep up ──\r\n');
    expect(plainLogEntry({ kind: 'skipped', service: '', count: 3, reason: 'history' })).toBe('-- 3 earlier lines no longer kept --');
  });

  it('copies plain text with time and service', () => {
    expect(plainLogEntry({ kind: 'line', line: line({ text: '\x1b[1mbold\x1b[0m' }) })).toBe('09:05:07.042 auth bold');
  });
});

describe('passesLevel', () => {
  it('filters lines that carry a level, and always shows plain lines and markers', () => {
    expect(passesLevel({ kind: 'line', line: line({ level: 'debug' }) }, 'info')).toBe(false);
    expect(passesLevel({ kind: 'line', line: line({ level: 'error' }) }, 'warn')).toBe(true);
    expect(passesLevel({ kind: 'line', line: line({ level: null }) }, 'error')).toBe(true);
    expect(passesLevel({ kind: 'skipped', service: 'a', count: 1, reason: 'engine' }, 'error')).toBe(true);
    expect(passesLevel({ kind: 'line', line: line({ level: 'trace' }) }, 'all')).toBe(true);
  });
});
