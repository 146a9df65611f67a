import { describe, expect, it } from 'vitest';
import { parseDecoratorComment, type SpecValue } from './env-spec-decorators.ts';
import { mapSpecType } from './env-spec-types.ts';

const typeOf = (text: string): SpecValue => {
  const decorator = parseDecoratorComment(` @type=${text}`).decorators[0];
  if (!decorator) throw new Error(`not a decorator: ${text}`);
  return decorator.value;
};
const map = (text: string, defaultValue?: string) => mapSpecType(typeOf(text), defaultValue);
const wholeMatch = (pattern: unknown, value: string) => new RegExp(`^(?:${String(pattern)})$`).test(value);

describe('mapSpecType', () => {
  it.each([
    ['boolean', { type: 'boolean' }],
    ['email', { type: 'email' }],
    ['port', { type: 'port' }],
    ['number', { type: 'number' }],
    ['number(min=1, max=10)', { type: 'number', min: 1, max: 10 }],
    ['number(isInt=true, min=0)', { type: 'integer', min: 0 }],
    ['number(precision=0)', { type: 'integer' }],
    ['enum(a, "b c", 3)', { type: 'enum', values: ['a', 'b c', '3'] }],
    ['url', { type: 'url', schemes: ['http', 'https'] }],
    ['url(allowedProtocols=[https, "redis:"])', { type: 'url', schemes: ['https', 'redis'] }],
    ['ip', { type: 'host' }],
    ['domain', { type: 'host' }],
    ['simple-object', { type: 'json' }],
    ['string(minLength=2, maxLength=9)', { type: 'string', minLength: 2, maxLength: 9 }],
    ['string(isLength=4)', { type: 'string', minLength: 4, maxLength: 4 }],
  ])('maps @type=%s', (text, fields) => {
    expect(map(text).fields).toEqual(fields);
  });

  it('adds the default value\'s own scheme, as varlock accepts any URL scheme', () => {
    expect(map('url', 'postgres://u@h/db').fields).toEqual({ type: 'url', schemes: ['http', 'https', 'postgres'] });
  });

  it('folds startsWith, endsWith and matches (a search, with its flags) into one whole-value pattern', () => {
    const { fields, notes } = map('string(startsWith=sk_, endsWith=".x", matches="/live|test/i")');
    expect(notes).toEqual([]);
    expect(fields.patternHint).toBe('starts with "sk_", ends with ".x", matches /live|test/i');
    expect(wholeMatch(fields.pattern, 'sk_LIVE_1.x')).toBe(true);
    expect(wholeMatch(fields.pattern, 'sk_prod.x')).toBe(false);
    expect(wholeMatch(fields.pattern, 'pk_test.x')).toBe(false);
    expect(wholeMatch(fields.pattern, 'sk_test.y')).toBe(false);
  });

  it('treats matches as varlock does: a search, so anchors inside it still mean start and end', () => {
    const { fields } = map('string(matches=regex("^[a-z]+$"))');
    expect(wholeMatch(fields.pattern, 'abc')).toBe(true);
    expect(wholeMatch(fields.pattern, 'abc1')).toBe(false);
    expect(wholeMatch(map('string(matches="[0-9]")').fields.pattern, 'ab1cd')).toBe(true);
  });

  it.each([
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', 'not-a-uuid'],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e', 'd41d8'],
    ['semver', '1.2.3-beta.1+build.5', '1.2'],
  ])('checks @type=%s by a pattern', (text, good, bad) => {
    const { fields } = map(text);
    expect(fields.type).toBe('string');
    expect(wholeMatch(fields.pattern, good)).toBe(true);
    expect(wholeMatch(fields.pattern, bad)).toBe(false);
  });

  it.each([
    ['duration', 'warning', /units/],
    ['isoDate', 'warning', /date/],
    ['array', 'warning', /list/],
    ['opServiceAccountToken', 'warning', /not a varlock built-in type/],
    ['integer', 'error', /no 'integer' type/],
    ['string(toUpperCase=true)', 'warning', /toUpperCase/],
    ['string(bogus=1)', 'error', /has no option bogus/],
    ['string(matches="(")', 'error', /not a valid regular expression/],
    ['number(min=abc)', 'error', /min=abc is not a number/],
    ['url(allowedProtocols=["http://x"])', 'error', /not a list of schemes/],
    ['enum()', 'error', /at least one option/],
    ['"string"', 'error', /not a type name/],
  ])('@type=%s gives a %s note and never throws', (text, severity, message) => {
    const { fields, notes } = map(text);
    expect(fields.type).toBeTruthy();
    expect(notes).toContainEqual(expect.objectContaining({ severity, message: expect.stringMatching(message) }));
  });
});
