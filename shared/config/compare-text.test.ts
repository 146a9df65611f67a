import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from './compare-text.ts';

const printable = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index));
// Few characters, so that long equal starts, case-only differences and prefixes come up often.
const near = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', '_', '-', '.', '/', '1', ' '), maxLength: 8 });
const ascii = fc.string({ unit: fc.constantFrom(...printable), maxLength: 24 });
// Text where localeCompare must be asked: accents, control characters, other scripts.
const any = fc.string({ unit: fc.oneof(fc.constantFrom(...printable), fc.constantFrom('é', 'E\u0301', 'ß', '\t', '\u0000', 'ø', '日', '\u{1F600}')), maxLength: 12 });

describe('compareText', () => {
  it('orders as localeCompare in this (English) process: differential, 3 × 2000 pairs', () => {
    expect(globalThis.navigator.language).toMatch(/^en(-|$)/);
    for (const text of [near, ascii, any]) {
      fc.assert(fc.property(text, text, (a, b) => {
        expect(compareText(a, b)).toBe(a.localeCompare(b));
      }), { numRuns: 2000 });
    }
  });

  it('sorts every printable ASCII character as localeCompare does', () => {
    const byLocale = [...printable].sort((a, b) => a.localeCompare(b));
    expect([...printable].sort(compareText)).toEqual(byLocale);
  });

  it('sorts file paths and variable names as localeCompare does', () => {
    const names = ['services/auth/.env', 'services/auth/.env.local', 'services/Auth/.env', 'services/backend/.env', 'API_KEY', 'APIKEY', 'api_key', 'DB_HOST', 'DBX', 'a-b.py', 'a_b.py', 'ab.py', 'B.py', 'a.py', ''];
    expect([...names].sort(compareText)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('leaves a non-English locale to localeCompare: in Danish "aa" comes after "z" (a real child process)', () => {
    const module = new URL('./compare-text.ts', import.meta.url).href;
    const script = `import { compareText } from ${JSON.stringify(module)}; console.log(JSON.stringify([navigator.language, compareText('aa', 'z'), 'aa'.localeCompare('z')]));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8' }, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(['da-DK', 1, 1]);
  });
});
