import { describe, expect, it } from 'vitest';
import { coerceUnquoted, parseDecoratorComment } from './env-spec-decorators.ts';

describe('parseDecoratorComment', () => {
  it('reads bare, assigned and call decorators on one line', () => {
    expect(parseDecoratorComment(' @required @sensitive=false @docs(https://a.dev)')).toEqual({
      decorators: [
        { name: 'required', value: { kind: 'static', value: true, quoted: false }, form: 'bare' },
        { name: 'sensitive', value: { kind: 'static', value: false, quoted: false }, form: 'assigned' },
        { name: 'docs', value: { kind: 'call', name: 'docs', args: [{ kind: 'static', value: 'https://a.dev', quoted: false }], named: {} }, form: 'call' },
      ],
    });
  });

  it('reads quoted values, escapes, refs, nested calls and lists', () => {
    const { decorators, error } = parseDecoratorComment(' @example="with \\"quotes\\"" @currentEnv=$APP_ENV @type=string(matches=regex("^a b$"), startsWith=\'x\') @type=url(allowedProtocols=[https, redis])');
    expect(error).toBeUndefined();
    expect(decorators.map((d) => d.value)).toEqual([
      { kind: 'static', value: 'with "quotes"', quoted: true },
      { kind: 'ref', name: 'APP_ENV' },
      { kind: 'call', name: 'string', args: [], named: {
        matches: { kind: 'call', name: 'regex', args: [{ kind: 'static', value: '^a b$', quoted: true }], named: {} },
        startsWith: { kind: 'static', value: 'x', quoted: true },
      } },
      { kind: 'call', name: 'url', args: [], named: { allowedProtocols: { kind: 'list', items: [
        { kind: 'static', value: 'https', quoted: false }, { kind: 'static', value: 'redis', quoted: false }] } } },
    ]);
  });

  it('stops at a trailing comment', () => {
    expect(parseDecoratorComment(' @sensitive=false   # key is published').decorators.map((d) => d.name)).toEqual(['sensitive']);
  });

  it.each([
    [' @', /decorator name/],
    [' @int=', /has no value/],
    [' @x="never closed', /never closed/],
    [' @type=enum(a, b', /never closed/],
    [' @a=b"c', /quote the whole value/],
    [' @type=string(minLength=1 maxLength=2)', /expected ',' or '\)'/],
    [' @ok junk', /expected a decorator/],
  ])('explains why %j cannot be read, keeping what came before', (text, message) => {
    const read = parseDecoratorComment(text);
    expect(read.error).toMatch(message);
  });
});

describe('coerceUnquoted', () => {
  it.each([
    ['true', true], ['false', false], ['undefined', undefined], ['3000', 3000], ['-4', -4], ['0.5', 0.5],
    ['1.2.3', '1.2.3'], ['007', '007'], ['1e3', '1e3'], ['99999999999999999999', '99999999999999999999'], ['-', '-'], ['.5', '.5'],
  ])('reads %j as %j, as env-spec does', (word, value) => {
    expect(coerceUnquoted(word)).toEqual(value);
  });
});
