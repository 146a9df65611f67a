import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePythonDotenvText, pythonReferences } from './python-dotenv.ts';
import { envFileText } from './testing/env-text-arbitraries.ts';
import { outsideEnvironment, outsideOf, referenceFileText } from './testing/dialect-arbitraries.ts';
import { pythonDotenvUnavailable, pythonDotenvValues, type PythonCase } from './testing/python-dotenv-oracle.ts';

const CORPUS: Record<string, string> = {
  basic: 'A=1\nB=two words\n',
  singleQuotes: "A='single # kept'\nB='it\\'s'\nC='keeps \\n'\n",
  doubleQuotes: 'A="tab\\tnew\\nline \\"q\\" \\\\ \\a\\b\\f\\r\\v"\nB="# kept"\n',
  backticks: 'A=`not a quote for python`\n',
  hashRules: 'A=p#w\nB=p #w\nC=p\t#w\nD= #c\nE=#x\nF="q" # c\nG=\'q\'#c\n',
  exportPrefix: 'export A=1\nexport   B="2"\nexport C\n',
  multiline: 'A="one\ntwo"\nB=\'x\ny\'\nC=3\n',
  interpolation: 'A=1\nB=${A}\nC=${NOPE:-fallback}\nD=${A:-unused}\nE=pre${A}post${A}\n',
  bareDollarNotExpanded: 'A=1\nB=$A\nC=$$A\nD=\\${A}\n',
  nested: 'A=1\nB=${X:-${A}}\nC=${A:x}\nD=${A:-}\nE=${}\n',
  undefinedAndForward: 'A=${LATER}\nLATER=x\nB=${LATER}\n',
  selfReference: 'A=${A}\nB=1\nB=${B}2\n',
  fromEnvironment: 'HOST=file\nURL=http://${HOST}/\nOTHER=${OS_ONLY}\n',
  crlf: 'A=1\r\nB="x\r\ny"\r\nC=${A}\r',
  bom: '\uFEFFA=1\nB=2\n',
  spacesAroundEquals: 'A = 1\nB= 2 \n  C  =  3  \n',
  keysWithoutValues: 'A=1\nA\nB\nC=${A}${B}\n',
  quotedKey: "'A B'=1\n'C'=2\n",
  errors: 'A="x" y\nB=\'open\nC=3\n=nokey\n',
  unicodeSpace: 'A=x\u00a0#c\nB=y\u2003\nC=\x1cz\n',
  colonNotSeparator: 'A: 1\nB:2\n',
};

const OUTSIDE = { HOST: 'os-host', OS_ONLY: 'from-os', A: 'os-a' };

// What a service gets: the last value of each key; a key whose last line has no '=' is not set at all.
function ours(text: string, environment: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of parsePythonDotenvText(text, '.env', outsideOf(environment)).entries) values[entry.key] = entry.value;
  return values;
}

// Order-free: python's dict keeps a key where it first appeared, our entries where it was last assigned.
function sameValues(left: Record<string, string>, right: Record<string, string>): boolean {
  const sorted = (values: Record<string, string>) => JSON.stringify(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted(left) === sorted(right);
}

function theirs(result: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(result).filter((pair): pair is [string, string] => pair[1] !== null));
}

const unavailable = pythonDotenvUnavailable();
if (unavailable) console.warn(`skipping python-dotenv differential tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('python-dotenv dialect against python3-dotenv (differential)', () => {
  it('agrees on the edge-case corpus, with and without an environment', () => {
    const cases: PythonCase[] = Object.values(CORPUS).flatMap((text) => [{ text, env: {} }, { text, env: OUTSIDE }]);
    const results = pythonDotenvValues(cases);
    const disagreements = cases.filter((testCase, index) => !sameValues(ours(testCase.text, testCase.env), theirs(results[index] ?? {})));
    console.log(`python-dotenv differential (corpus): ${cases.length} cases compared, ${disagreements.length} disagreements`);
    cases.forEach((testCase, index) => expect(ours(testCase.text, testCase.env), JSON.stringify(testCase)).toEqual(theirs(results[index] ?? {})));
  });

  it('agrees on generated files (fast-check, one python process for the batch)', () => {
    const generated = fc.sample(fc.record({ text: fc.oneof(referenceFileText(), envFileText()), env: outsideEnvironment }), { numRuns: 600, seed: 20_261_205 });
    const cases = generated.map(({ text, env }) => ({ text: Buffer.from(text, 'utf8').toString('utf8'), env }));
    const results = pythonDotenvValues(cases);
    const disagreements = cases.filter((testCase, index) => !sameValues(ours(testCase.text, testCase.env), theirs(results[index] ?? {})));
    console.log(`python-dotenv differential (fast-check): ${cases.length} cases compared, ${disagreements.length} disagreements`);
    for (const testCase of disagreements.slice(0, 3)) {
      expect(ours(testCase.text, testCase.env), JSON.stringify(testCase)).toEqual(theirs(results[cases.indexOf(testCase)] ?? {}));
    }
    expect(disagreements).toEqual([]);
  });
});

describe('python-dotenv dialect', () => {
  it('names where each expanded value came from: an earlier line, the environment, the default, or nothing', () => {
    const text = 'DATABASE_HOST=db.internal\nPOSTGRES_HOST=${DATABASE_HOST}\nURL=${OS_ONLY}/${MISSING:-d}/${NOWHERE}\n';
    const { entries, problems } = parsePythonDotenvText(text, '.env.staging', outsideOf({ OS_ONLY: 'x' }));
    expect(entries[1]).toMatchObject({ key: 'POSTGRES_HOST', value: 'db.internal', raw: '${DATABASE_HOST}', references: [{ name: 'DATABASE_HOST', origin: { from: 'line', file: '.env.staging', line: 1 } }] });
    expect(entries[2]?.references).toEqual([
      { name: 'OS_ONLY', origin: { from: 'outside', source: { kind: 'os' } } },
      { name: 'MISSING', origin: { from: 'default' } },
      { name: 'NOWHERE', origin: { from: 'unset' } },
    ]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'env-file-parse', file: '.env.staging', line: 3, key: 'URL' })]);
    expect(problems[0]?.message).toContain('NOWHERE');
  });

  it('lets the environment win over an earlier line, as load_dotenv(override=False) does', () => {
    const { entries } = parsePythonDotenvText('HOST=file\nURL=${HOST}\n', '.env', outsideOf({ HOST: 'os' }));
    expect(entries[1]).toMatchObject({ value: 'os', references: [{ name: 'HOST', origin: { from: 'outside' } }] });
  });

  it('reports a self-reference and a name set only later, with file and line', () => {
    const { problems } = parsePythonDotenvText('A=${A}\nB=${C}\nC=1\n', '.env', outsideOf({}));
    expect(problems.map((problem) => [problem.line, problem.key])).toEqual([[1, 'A'], [2, 'B']]);
    expect(problems[0]?.message).toMatch(/refers to itself/);
    expect(problems[1]?.message).toMatch(/only on line 3/);
  });

  it('finds references in linear time on hostile input', () => {
    const hostile = '${'.repeat(200_000) + ':'.repeat(1000);
    const started = performance.now();
    expect(pythonReferences(hostile)).toEqual([]);
    const spaces = `A=x${' '.repeat(200_000)}y\nB=\${${'a'.repeat(200_000)}\n`;
    expect(parsePythonDotenvText(spaces, '.env', outsideOf({})).entries[0]?.value).toBe(`x${' '.repeat(200_000)}y`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
