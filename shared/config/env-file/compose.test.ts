import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseComposeEnvText } from './compose.ts';
import { envFileText } from './testing/env-text-arbitraries.ts';
import { outsideEnvironment, outsideOf, referenceFileText } from './testing/dialect-arbitraries.ts';

// No docker engine or compose-go runs here, so there is no reference to run: each case is a rule from Docker's
// env-file documentation ("Set environment variables", env_file syntax) or compose-go's dotenv tests, with its result.
const RULES: [string, string, Record<string, string>, Record<string, string>][] = [
  ['plain and quoted values', 'VAR=VAL\nQ="VAL"\nS=\'VAL\'\n', {}, { VAR: 'VAL', Q: 'VAL', S: 'VAL' }],
  ['a comment line and blank lines', '# comment\n\nA=1\n   # indented comment\n', {}, { A: '1' }],
  ['an inline comment needs a space before #', 'A=VAL # comment\nB=VAL# not a comment\n', {}, { A: 'VAL', B: 'VAL# not a comment' }],
  ['a comment may follow a closing quote', 'A="VAL # not a comment"\nB="VAL" # comment\n', {}, { A: 'VAL # not a comment', B: 'VAL' }],
  ['single quotes are literal', "A='$OTHER'\nB='${OTHER}'\nOTHER=x\n", {}, { A: '$OTHER', B: '${OTHER}', OTHER: 'x' }],
  ['quotes escaped with a backslash', 'A=\'Let\\\'s go!\'\nB="{\\"hello\\": \\"json\\"}"\n', {}, { A: "Let's go!", B: '{"hello": "json"}' }],
  ['shell escapes in double quotes', 'A="some\\tvalue"\nB="a\\nb"\nC="back\\\\slash"\nD=\'a\\nb\'\n', {}, { A: 'some\tvalue', B: 'a\nb', C: 'back\\slash', D: 'a\\nb' }],
  ['interpolation: $VAR and ${VAR}', 'BASE=/srv\nA=$BASE/x\nB=${BASE}/y\nC="${BASE}/z"\n', {}, { BASE: '/srv', A: '/srv/x', B: '/srv/y', C: '/srv/z' }],
  ['interpolation: defaults and alternatives', 'SET=v\nEMPTY=\nA=${UNSET:-d}\nB=${EMPTY:-d}\nC=${EMPTY-d}\nD=${SET:+alt}\nE=${UNSET:+alt}\nF=${EMPTY+alt}\n', {},
    { SET: 'v', EMPTY: '', A: 'd', B: 'd', C: '', D: 'alt', E: '', F: 'alt' }],
  ['a nested default', 'B=b\nA=${X:-${B}}\n', {}, { B: 'b', A: 'b' }],
  ['$$ and \\$ are a literal dollar', 'A=$$HOME\nB="\\$HOME"\n', { HOME: '/root' }, { A: '$HOME', B: '$HOME' }],
  ['the environment wins over earlier lines', 'HOST=file\nURL=http://${HOST}\n', { HOST: 'shell' }, { HOST: 'file', URL: 'http://shell' }],
  ['an unset name is blank', 'A=x${NOPE}y\n', {}, { A: 'xy' }],
  ['export prefix, spaces around =, yaml-style colon', 'export A=1\nB = 2\nC: 3\n', {}, { A: '1', B: '2', C: '3' }],
  ['a bare key takes its value from the environment', 'FROM_SHELL\nNOT_SET\nA=1\n', { FROM_SHELL: 'x' }, { FROM_SHELL: 'x', A: '1' }],
  ['CRLF line endings and a BOM', '\uFEFFA=1\r\nB="x"\r\nC=3\r\n', {}, { A: '1', B: 'x', C: '3' }],
  ['a multiline double-quoted value', 'A="one\ntwo"\nB=2\n', {}, { A: 'one\ntwo', B: '2' }],
  ['dots, dashes and brackets in keys', 'my.key-name=1\nlist[0]=2\n', {}, { 'my.key-name': '1', 'list[0]': '2' }],
  ['an octal escape', 'A="\\0101"\n', {}, { A: 'A' }],
];

const REFUSED: [string, string, Record<string, string>, RegExp][] = [
  ['an unterminated quote', 'A="open\nB=2\n', {}, /never closed/],
  ['a key with a character compose does not allow', 'MY$KEY=1\n', {}, /unexpected character/],
  ['a key with a space', 'MY KEY=1\n', {}, /space/],
  ['a required variable that is unset', 'A=${NEEDED:?set NEEDED first}\n', {}, /NEEDED/],
  ['a brace that never closes', 'A=${NOPE\n', {}, /interpolation/],
  ['an invalid reference', 'A=${1abc}\n', {}, /interpolation/],
];

function values(text: string, environment: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of parseComposeEnvText(text, '.env', outsideOf(environment)).entries) result[entry.key] = entry.value;
  return result;
}

describe('compose dialect (documented env_file rules; no reference implementation can run here)', () => {
  it.each(RULES)('%s', (_rule, text, environment, expected) => {
    expect(values(text, environment)).toEqual(expected);
  });

  it.each(REFUSED)('refuses the whole file for %s, with an error naming the line', (_rule, text, environment, message) => {
    const { entries, problems } = parseComposeEnvText(text, '.env', outsideOf(environment));
    expect(entries).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'env-file-parse', severity: 'error', file: '.env', line: 1 })]);
    expect(problems[0]?.message).toMatch(message);
  });

  it('names each reference: the environment, an earlier line, a default, nothing', () => {
    const { entries, problems } = parseComposeEnvText('DATABASE_HOST=db\nURL=${OS}/${DATABASE_HOST}/${X:-d}/$NOWHERE\n', '.env', outsideOf({ OS: 'o' }));
    expect(entries[1]).toMatchObject({ raw: '${OS}/${DATABASE_HOST}/${X:-d}/$NOWHERE', value: 'o/db/d/' });
    expect(entries[1]?.references).toEqual([
      { name: 'OS', origin: { from: 'outside', source: { kind: 'os' } } },
      { name: 'DATABASE_HOST', origin: { from: 'line', file: '.env', line: 1 } },
      { name: 'X', origin: { from: 'default' } },
      { name: 'NOWHERE', origin: { from: 'unset' } },
    ]);
    expect(problems).toEqual([expect.objectContaining({ line: 2, key: 'URL', severity: 'warning' })]);
  });

  it('never throws, and finishes quickly, on generated and hostile files (fast-check)', () => {
    fc.assert(fc.property(fc.oneof(referenceFileText(), envFileText(), fc.string({ unit: 'grapheme', maxLength: 200 })), outsideEnvironment, (text, environment) => {
      const parsed = parseComposeEnvText(text, '.env', outsideOf(environment));
      for (const problem of parsed.problems) expect(problem.line).toBeGreaterThanOrEqual(1);
    }), { numRuns: 2000 });
    const started = performance.now();
    parseComposeEnvText(`A=${'${'.repeat(100_000)}\nB=${'$A'.repeat(100_000)}\n`, '.env', outsideOf({ A: 'x' }));
    parseComposeEnvText(`A="${'\\'.repeat(200_000)}"\n`, '.env', outsideOf({}));
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
