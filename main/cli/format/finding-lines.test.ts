import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/config/finding.ts';
import { painter } from '../io.ts';
import { countLine, findingLines, foldedFindings } from './finding-lines.ts';

const plain = painter(false);
const note = (key: string): Finding => ({ rule: 'fallback-used', severity: 'info', service: 'auth', key, message: `${key} comes from a fallback`, suggestion: 'Set it' });

describe('finding lines', () => {
  it('prints file:line: severity: message [rule] and the suggestion below', () => {
    const finding: Finding = { rule: 'unknown-key', severity: 'warning', key: 'X', message: 'X is unknown', suggestion: 'Remove it', file: '.env', line: 4 };
    expect(findingLines(finding, plain)).toBe('  .env:4: warning: X is unknown [unknown-key]\n      → Remove it\n');
  });

  it('folds three or more notes of one rule into one line, never errors', () => {
    const error: Finding = { ...note('E'), severity: 'error', rule: 'required-missing' };
    const out = foldedFindings([error, note('A'), note('B'), note('C')], plain);
    expect(out.split('\n').filter((line) => line.includes('info'))).toEqual(['  info: 3 notes on A, B, C [fallback-used]']);
    expect(out).toContain('error: E comes from a fallback [required-missing]');
    expect(foldedFindings([note('A'), note('B')], plain).match(/info:/g)).toHaveLength(2);
  });

  it('counts by severity', () => {
    expect(countLine([note('A'), { ...note('B'), severity: 'error' }], plain)).toBe('1 error, 0 warnings, 1 note');
  });
});
