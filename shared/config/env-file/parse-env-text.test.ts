import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEnvText } from './parse-env-text.ts';
import { dotenv, envFileText, lastValues } from './testing/env-text-arbitraries.ts';

const CORPUS: Record<string, string> = {
  basic: 'A=1\nB=two\n',
  spacesAroundEquals: 'A = spaced value  \n',
  exportPrefix: 'export A=1\nexport   B="2"\n',
  exportWithoutValue: 'export D\nE=1\n',
  colonSeparator: 'C: three\nD:4\nE:\tfive\n',
  singleQuotes: "A='single # not a comment'\nB='keeps \\n literally'\n",
  doubleQuotes: 'A="expands \\n and \\r"\nB="# kept"\n',
  backticks: 'A=`it\'s "both"`\n',
  multiline: 'KEY="-----BEGIN-----\nline two\n-----END-----"\nNEXT=1\n',
  multilineSingle: "A='one\ntwo'\n",
  inlineComment: 'A=value # comment\nB="quoted" # comment\nC=p#w\n',
  emptyValues: 'A=\nB= #c\nC=""\nD=\'\'\n',
  crlf: 'A=1\r\nB="x\r\ny"\r\nC=3\r',
  bom: '\uFEFFA=1\nB=2\n',
  duplicates: 'A=1\nA=2\n',
  textAfterQuote: 'A="x" y\n',
  unterminatedQuote: 'A="open\nB=2\nC="x"\n',
  neverClosed: 'A="open\nB=2\n',
  dotsAndDashes: 'my.key-name=1\n',
  badKey: 'MY KEY=1\nÜ=2\nOK=3\n',
  commentsOnly: '# a\n   # b\n\n\n',
  escapedQuote: 'A="say \\"hi\\""\n',
  dollar: 'A=$(whoami)\nB=${HOME}\nC="$(rm -rf /)"\n',
  equalsInValue: 'URL=postgresql://u:p@h/db?sslmode=require&x=1\n',
  valueOnNextLine: 'A=\n"x"\n',
  tabs: 'A=\tvalue\t\n',
  unicode: 'GREETING="héllo wörld ✓"\n',
  lineSeparator: 'A=1\u2028B=2\n',
};

describe('parseEnvText', () => {
  it.each(Object.entries(CORPUS))('reads %s exactly as dotenv does', (_name, text) => {
    expect(lastValues(text)).toEqual(dotenv.parse(text));
  });

  it('keeps the 1-based line of every entry, and the last line of multiline values', () => {
    const { entries } = parseEnvText('# head\n\nA=1\nKEY="a\nb\nc"\nB=2\n', '.env');
    expect(entries.map(({ key, line, endLine }) => [key, line, endLine])).toEqual([['A', 3, 3], ['KEY', 4, 6], ['B', 7, 7]]);
  });

  it('counts lines after CRLF and CR normalisation', () => {
    const { entries } = parseEnvText('A=1\r\nB=2\rC=3', '.env');
    expect(entries.map((entry) => entry.line)).toEqual([1, 2, 3]);
  });

  it('reports each line dotenv drops, with its line and a reason', () => {
    const { problems } = parseEnvText('A=1\nexport D\nB:2\nno equals here\nMY KEY=1\n=value\n# fine\n', '.env');
    const dropped = problems.map((problem) => [problem.line, problem.rule, problem.message]);
    expect(dropped).toEqual([
      [2, 'env-file-parse', "'export D' has no value, so dotenv ignores the line"],
      [3, 'env-file-parse', "'B:' needs whitespace after the colon, so dotenv ignores the line"],
      [4, 'env-file-parse', "this line has no '=', so it sets nothing and dotenv ignores it"],
      [5, 'env-file-parse', "the key 'MY KEY' may only hold ASCII letters, digits, '_', '.' and '-', so dotenv ignores the line"],
      [6, 'env-file-parse', "this line has no key before '=', so dotenv ignores it"],
    ]);
    expect(problems.every((problem) => problem.file === '.env' && problem.suggestion.length > 0)).toBe(true);
  });

  it('warns where dotenv semantics surprise: # cutting a value, a quote swallowing lines, duplicates, text after a quote', () => {
    const text = 'PASSWORD=p#w\nA="open\nB=2\nC="\nD=1\nD=2\nE="x" y\nF=fine # comment\n';
    const warnings = parseEnvText(text, '.env').problems.map((problem) => [problem.line, problem.key, problem.severity]);
    expect(warnings).toEqual([
      [1, 'PASSWORD', 'warning'],
      [2, 'A', 'warning'],
      [6, 'D', 'warning'],
      [7, 'E', 'warning'],
    ]);
  });

  it('never puts a value into a message', () => {
    const secret = 'hunter2-very-secret';
    const text = `PASSWORD=${secret}#tail\nTOKEN="${secret}\nOTHER=1\nX="${secret}" trailing\nTOKEN=${secret}\n`;
    for (const problem of parseEnvText(text, '.env').problems) {
      expect(`${problem.message} ${problem.suggestion}`).not.toContain(secret);
    }
  });

  it('never evaluates $(...) or ${...}', () => {
    expect(lastValues('A=$(whoami)\nB="${HOME}"\n')).toEqual({ A: '$(whoami)', B: '${HOME}' });
  });

  const file = envFileText();

  it('agrees with dotenv on generated files (differential, fast-check)', () => {
    fc.assert(fc.property(file, (text) => {
      expect(lastValues(text)).toEqual(dotenv.parse(text));
    }), { numRuns: 3000 });
  });

  it('never throws and gives every problem a line inside the file (fast-check, full unicode)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      const parsed = parseEnvText(text, '.env');
      const lineCount = text.replace(/\r\n?/g, '\n').split('\n').length;
      for (const problem of parsed.problems) expect(problem.line).toBeGreaterThanOrEqual(1);
      for (const problem of parsed.problems) expect(problem.line).toBeLessThanOrEqual(lineCount);
      expect(lastValues(text)).toEqual(dotenv.parse(text));
    }), { numRuns: 2000 });
  });
});
