import fc from 'fast-check';
import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { parseJsonc } from './read-jsonc-file.ts';

// The reference: what readJsoncFile read every file with before JSON.parse took plain JSON.
function jsoncParser(text: string): { value: unknown; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { value: parse(text, errors, { allowTrailingComma: true, disallowComments: false }), errors };
}

function ours(text: string): { value: unknown; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { value: parseJsonc(text, errors), errors };
}

// Any JSON text, compact or indented as an editor writes it, with keys that may collide with Object.prototype's.
const jsonText = fc.tuple(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(undefined, 1, 2, '\t'),
).map(([value, indent]) => JSON.stringify(value, null, indent));

describe('parseJsonc', () => {
  it('reads any JSON text to the value jsonc-parser reads, with no errors (differential, 500 texts)', () => {
    fc.assert(fc.property(jsonText, (text) => {
      const reference = jsoncParser(text);
      expect(reference.errors).toEqual([]);
      expect(ours(text)).toEqual(reference);
    }), { numRuns: 500 });
  });

  it('reads text that JSON.parse refuses (comments, trailing commas, syntax errors) exactly as jsonc-parser does', () => {
    const texts = [
      '{\n  // the demo stack\n  "name": "demo",\n}\n',
      '{ "services": { "auth": { "command": ["node",], }, }, }',
      '/* a */ [1, 2, /* b */ 3]',
      '{ "name": "demo" "other": 1 }',
      '{ "name": ',
      '',
      '   ',
      '\uFEFF{ "name": "demo" }',
    ];
    for (const text of texts) expect(ours(text)).toEqual(jsoncParser(text));
  });

  it('leaves a __proto__ key, written plainly or with \\u escapes, to jsonc-parser, which sets the prototype', () => {
    for (const text of ['{ "__proto__": { "polluted": true }, "a": 1 }', '{ "\\u005f_proto__": { "polluted": true } }', '{ "k\\u0041": 1 }']) {
      const result = ours(text);
      expect(result).toEqual(jsoncParser(text));
      expect(Object.getPrototypeOf(result.value)).toEqual(Object.getPrototypeOf(jsoncParser(text).value));
    }
  });
});
