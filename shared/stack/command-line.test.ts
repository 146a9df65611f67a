import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCommandLine } from './command-line.ts';

describe('quoteCommandLine', () => {
  it('leaves plain arguments bare and quotes the rest as sh reads them', () => {
    expect(quoteCommandLine(['uvicorn', 'app:app', '--port', '8123', '--name=my app', "it's", '', '***', '$HOME'])).toBe(
      "uvicorn app:app --port 8123 '--name=my app' 'it'\\''s' '' '***' '$HOME'",
    );
  });

  // Differential: the real /bin/sh splits the quoted line back into exactly the arguments.
  it.skipIf(process.platform === 'win32')('reads back through /bin/sh as the same arguments', () => {
    const argument = fc.string({ unit: fc.constantFrom('a', ' ', "'", '"', '$', '\\', '`', '*', '\n', '\t', ';', '|', '&', '#', '~', 'é') });
    fc.assert(fc.property(fc.array(argument, { minLength: 1, maxLength: 6 }), (args) => {
      const result = spawnSync('/bin/sh', ['-c', `for a in ${quoteCommandLine(args)}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
      expect(result.stdout.split('\0').slice(0, -1)).toEqual(args);
    }), { numRuns: 60 });
  });
});
