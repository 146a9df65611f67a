import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENV_DIALECTS, EnvDialectSchema } from './dialect.ts';
import { parseEnvText } from './parse-env-text.ts';
import { parseEnvTextAs } from './parse-env-text-as.ts';
import { EnvReferenceSchema } from './reference.ts';
import { outsideEnvironment, outsideOf, referenceFileText } from './testing/dialect-arbitraries.ts';
import { envFileText } from './testing/env-text-arbitraries.ts';

describe('parseEnvTextAs', () => {
  it('reads node-dotenv exactly as parseEnvText does, whatever the environment holds (fast-check)', () => {
    fc.assert(fc.property(fc.oneof(envFileText(), referenceFileText()), outsideEnvironment, (text, environment) => {
      expect(parseEnvTextAs(text, '.env', 'node-dotenv', outsideOf(environment))).toEqual(parseEnvText(text, '.env'));
    }), { numRuns: 1000 });
  });

  it('defaults to node-dotenv in the stack file and refuses an unknown dialect', () => {
    expect(ENV_DIALECTS).toEqual(['node-dotenv', 'python-dotenv', 'dotenv-expand', 'compose']);
    expect(EnvDialectSchema.safeParse('ruby-dotenv').success).toBe(false);
  });

  it.each(ENV_DIALECTS)('%s: same shape for every dialect: entries with lines, env-file-parse findings with file and line, references that parse', (dialect) => {
    fc.assert(fc.property(referenceFileText(), outsideEnvironment, (text, environment) => {
      const lineCount = text.split(/\r\n?|\n/).length;
      const { entries, problems } = parseEnvTextAs(text, 'dir/.env', dialect, outsideOf(environment));
      for (const entry of entries) {
        expect(entry.line).toBeGreaterThanOrEqual(1);
        expect(entry.endLine).toBeGreaterThanOrEqual(entry.line);
        for (const reference of entry.references ?? []) expect(EnvReferenceSchema.parse(reference)).toEqual(reference);
      }
      for (const problem of problems) {
        expect(problem).toMatchObject({ rule: 'env-file-parse', file: 'dir/.env' });
        expect(problem.line).toBeGreaterThanOrEqual(1);
        expect(problem.line).toBeLessThanOrEqual(lineCount);
      }
    }), { numRuns: 300 });
  });

  it('reads one text four ways, as the four loaders do', () => {
    const text = 'HOST=db\nURL="http://${HOST}:$PORT/#x"\n';
    const outside = outsideOf({ PORT: '80' });
    const url = (dialect: (typeof ENV_DIALECTS)[number]) => parseEnvTextAs(text, '.env', dialect, outside).entries.find((entry) => entry.key === 'URL')?.value;
    expect(url('node-dotenv')).toBe('http://${HOST}:$PORT/#x');
    expect(url('python-dotenv')).toBe('http://db:$PORT/#x');
    expect(url('dotenv-expand')).toBe('http://db:80/#x');
    expect(url('compose')).toBe('http://db:80/#x');
  });
});
