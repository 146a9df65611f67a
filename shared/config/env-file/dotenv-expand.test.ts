import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDotenvExpandText } from './dotenv-expand.ts';
import { parseEnvText } from './parse-env-text.ts';
import { envFileText } from './testing/env-text-arbitraries.ts';
import { outsideEnvironment, outsideOf, referenceFileText } from './testing/dialect-arbitraries.ts';
import { dotenvExpandValues } from './testing/dotenv-expand-oracle.ts';

const CORPUS: Record<string, string> = {
  braces: 'A=1\nB=${A}\nC=$A\nD=pre${A}post$A\n',
  defaults: 'A=${NOPE:-fallback}\nB=${NOPE-dash}\nC=${EMPTY:-e}\nEMPTY=\nD=${A:+alt}\nE=${NOPE:+alt}\nF=${A+p}\n',
  forwardReference: 'A=${LATER}\nLATER=x\n',
  escapes: 'A=1\nB=\\${A}\nC=\\$A\nD="\\$A"\n',
  selfAndCycles: 'A=${A}\nB=${C}\nC=${B}\nD=x${D}\n',
  replacementPatterns: 'A=$$&x\nB=${A}\nC=$`\nD=${C}\n',
  nestedDefault: 'A=${X:-${B}}\nB=b\n',
  fromEnvironment: 'HOST=file\nURL=http://${HOST}/${OS_ONLY}\n',
  duplicates: 'A=1\nA=2\nB=${A}\n',
  singleQuotesStillExpand: "A=1\nB='${A}'\n",
  multiline: 'A="x\n${B}"\nB=2\n',
};
const OUTSIDE = { HOST: 'os-host', OS_ONLY: 'from-os' };

function ours(text: string, environment: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of parseDotenvExpandText(text, '.env', outsideOf(environment)).entries) values[entry.key] = entry.value;
  return values;
}

describe('dotenv-expand dialect against dotenv-expand 13 on dotenv 18 (differential)', () => {
  it('agrees on the corpus, with and without an environment', () => {
    let compared = 0;
    for (const text of Object.values(CORPUS)) {
      for (const environment of [{}, OUTSIDE]) {
        expect(ours(text, environment), text).toEqual(dotenvExpandValues(text, environment));
        compared++;
      }
    }
    console.log(`dotenv-expand differential (corpus): ${compared} cases compared, 0 disagreements`);
  });

  // A file whose expansion never settles would hang dotenv-expand itself: we report it (an error) and do not run it.
  it('agrees on generated files (fast-check)', () => {
    let compared = 0;
    let neverSettles = 0;
    fc.assert(fc.property(fc.oneof(referenceFileText(), envFileText()), outsideEnvironment, (text, environment) => {
      if (parseDotenvExpandText(text, '.env', outsideOf(environment)).problems.some((problem) => problem.severity === 'error')) {
        neverSettles++;
        return;
      }
      compared++;
      expect(ours(text, environment)).toEqual(dotenvExpandValues(text, environment));
    }), { numRuns: 1000 });
    console.log(`dotenv-expand differential (fast-check): ${compared} cases compared, 0 disagreements; ${neverSettles} not run (they never settle)`);
  });
});

describe('dotenv-expand dialect', () => {
  it('keeps what dotenv reads and only changes the expanded values, naming each reference', () => {
    const text = 'DATABASE_HOST=db\nPOSTGRES_HOST=${DATABASE_HOST}\nPLAIN=x\n';
    const { entries } = parseDotenvExpandText(text, '.env.staging', outsideOf({}));
    const node = parseEnvText(text, '.env.staging').entries;
    expect(entries.map(({ key, line, endLine, quote }) => ({ key, line, endLine, quote }))).toEqual(node.map(({ key, line, endLine, quote }) => ({ key, line, endLine, quote })));
    expect(entries[1]).toMatchObject({ value: 'db', raw: '${DATABASE_HOST}', references: [{ name: 'DATABASE_HOST', origin: { from: 'line', file: '.env.staging', line: 1 } }] });
    expect(entries[2]).not.toHaveProperty('raw');
  });

  it('reports a self-reference, a cycle and an unset name with file and line, and terminates', () => {
    const { problems } = parseDotenvExpandText('A=${A}\nB=${C}\nC=${B}\nD=${NOWHERE}\n', '.env', outsideOf({}));
    expect(problems.map((problem) => [problem.line, problem.key, problem.rule])).toEqual([
      [1, 'A', 'env-file-parse'], [2, 'B', 'env-file-parse'], [3, 'C', 'env-file-parse'], [4, 'D', 'env-file-parse'],
    ]);
    expect(problems[0]?.message).toMatch(/refers to itself/);
    expect(problems[1]?.message).toMatch(/cycle/);
    expect(problems[3]?.message).toMatch(/NOWHERE/);
  });

  it('stops a value that keeps growing with an error instead of hanging', () => {
    // String.replace reads '$&' in B's value as "the matched text", so each pass puts $B back: dotenv-expand never ends.
    const started = performance.now();
    const { problems } = parseDotenvExpandText('A=$B\n', '.env', outsideOf({ B: 'x$&' }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', line: 1, key: 'A' })]);
  });
});
