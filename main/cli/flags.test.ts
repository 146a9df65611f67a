import { describe, expect, it } from 'vitest';
import { parseFlags } from './flags.ts';
import { UsageError } from './io.ts';

describe('parseFlags', () => {
  it('reads the common flags and positionals', () => {
    expect(parseFlags(['backend', 'PORT', '--json', '--profile', 'test', '--env-dir', 'x'])).toEqual({
      flags: { json: true, 'no-open': false, yes: false, force: false, 'exit-with-stdin': false, profile: 'test', 'env-dir': 'x' },
      positionals: ['backend', 'PORT'],
    });
  });

  it('reads --profile testing (the seeds\' ENVIRONMENT spelling) as the test profile', () => {
    expect(parseFlags(['--profile', 'testing']).flags.profile).toBe('test');
  });

  it('turns every bad flag into a usage error that names it', () => {
    expect(() => parseFlags(['--profile', 'qa'])).toThrow(UsageError);
    expect(() => parseFlags(['--profile', 'qa'])).toThrow(/--profile must be one of/);
    expect(() => parseFlags(['--env-dir', ''])).toThrow('--env-dir needs a directory');
    expect(() => parseFlags(['--profile'])).toThrow(UsageError);
    expect(() => parseFlags(['--verbose'])).toThrow(/--verbose/);
    expect(() => parseFlags(['--baseline', ''])).toThrow('--baseline needs a file (a report saved by `stackdeck check --json`)');
    expect(parseFlags(['--baseline', 'ci/check.json']).flags.baseline).toBe('ci/check.json');
  });
});
