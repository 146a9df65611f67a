import { describe, expect, it } from 'vitest';
import { parseFlags } from './flags.ts';
import { UsageError } from './io.ts';

describe('parseFlags', () => {
  it('reads the common flags and positionals', () => {
    expect(parseFlags(['backend', 'PORT', '--json', '--profile', 'test', '--env-dir', 'x'])).toEqual({
      flags: { json: true, 'no-open': false, yes: false, force: false, 'exit-with-stdin': false, connect: false, profile: 'test', 'env-dir': 'x' },
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
    expect(() => parseFlags(['--connect-timeout', '601'])).toThrow('--connect-timeout needs a number of seconds above 0, at most 600 (e.g. 2 or 0.5)');
    expect(() => parseFlags(['--connect-retries', '21'])).toThrow('--connect-retries needs a whole number from 0 to 20');
  });

  it('reads check --connect\'s timeout in seconds (fractions allowed) and its retries', () => {
    expect(parseFlags(['--connect', '--connect-timeout', '0.25', '--connect-retries', '0']).flags).toMatchObject({ connect: true, 'connect-timeout': 0.25, 'connect-retries': 0 });
  });
});
