import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, integer, matching, oneOf, url } from '../value-types.ts';
import { buildServiceSchema } from './build-schema.ts';
import { VariablesFileSchema, type VariableDeclarationInput } from './variables-file.ts';

const build = (variables: Record<string, VariableDeclarationInput>) => buildServiceSchema('svc', VariablesFileSchema.parse({ variables }));
const verdict = (result: { success: boolean; data?: unknown; error?: { issues: { message: string }[] } }) =>
  result.success ? { ok: result.data } : { problems: result.error?.issues.map((issue) => issue.message) };

// Declarations of the kinds whose value type takes parameters, each with what value-types.ts builds for it alone.
const declarations = fc.oneof(
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 10 })).map(([min, span]) => ({
    declaration: { type: 'integer', min, max: min + span } as VariableDeclarationInput, reference: integer(min, min + span),
  })),
  fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 10 })).map(([min, span]) => ({
    declaration: { type: 'number', min, max: min + span } as VariableDeclarationInput, reference: decimal(min, min + span),
  })),
  fc.tuple(fc.constantFrom('[a-z]+', '[0-9]+', 'x.*'), fc.option(fc.constantFrom('lower case', 'digits')), fc.integer({ min: 1, max: 3 }), fc.option(fc.integer({ min: 3, max: 6 }), { nil: undefined })).map(([pattern, hint, minLength, maxLength]) => ({
    declaration: { type: 'string', pattern, ...(hint === null ? {} : { patternHint: hint }), minLength, maxLength } as VariableDeclarationInput,
    reference: matching(new RegExp(`^(?:${pattern})$`, 'u'), hint ?? undefined, minLength, maxLength),
  })),
  fc.uniqueArray(fc.constantFrom('a', 'b', '1', 'x y'), { minLength: 1, maxLength: 3 }).map((values) => ({
    declaration: { type: 'enum', values } as VariableDeclarationInput, reference: oneOf(values as [string, ...string[]]),
  })),
  fc.uniqueArray(fc.constantFrom('http', 'https', 'redis', 'postgres'), { minLength: 1, maxLength: 2 }).map((schemes) => ({
    declaration: { type: 'url', schemes } as VariableDeclarationInput, reference: url(schemes),
  })),
);
const values = fc.oneof(fc.constantFrom('', 'abc', 'x y', '1', '-3', '7', '12', '2.5', 'xxxxxxx', 'http://a.b', 'redis://h:1', 'postgres://u@h/db', 'b'), fc.string({ maxLength: 8 }));

describe('buildServiceSchema', () => {
  it('shares one value type between declarations of the same type and parameters, and builds another when any differs', () => {
    const { schema } = build({
      A_PORT: { type: 'port' }, B_PORT: { type: 'port' },
      SMALL: { type: 'integer', min: 1, max: 9 }, ALSO_SMALL: { type: 'integer', min: 1, max: 9 }, LARGER: { type: 'integer', min: 1, max: 10 },
      NAME: { type: 'string', pattern: '[a-z]+' }, HINTED: { type: 'string', pattern: '[a-z]+', patternHint: 'lower case' },
      WEB: { type: 'url' }, CACHE: { type: 'url', schemes: ['redis'] }, ALSO_WEB: { type: 'url', schemes: ['http', 'https'] },
    });
    const of = (key: string) => schema.variables[key]?.schema;
    expect(of('A_PORT')).toBe(of('B_PORT'));
    expect(of('SMALL')).toBe(of('ALSO_SMALL'));
    expect(of('SMALL')).not.toBe(of('LARGER'));
    expect(of('NAME')).not.toBe(of('HINTED'));
    expect(of('WEB')).toBe(of('ALSO_WEB'));
    expect(of('WEB')).not.toBe(of('CACHE'));
  });

  it('gives each variable, shared value type or not, the verdict its own declaration alone gives (1,000 random stacks)', () => {
    fc.assert(fc.property(fc.array(declarations, { minLength: 1, maxLength: 8 }), fc.array(values, { minLength: 1, maxLength: 6 }), (declared, tried) => {
      const { schema, problems } = build(Object.fromEntries(declared.map(({ declaration }, index) => [`V${index}`, declaration])));
      expect(problems).toEqual([]);
      declared.forEach(({ reference }, index) => {
        const built = schema.variables[`V${index}`]?.schema;
        for (const value of tried) expect(verdict(built?.safeParse(value) ?? { success: false })).toEqual(verdict(reference.safeParse(value)));
      });
    }), { numRuns: 1_000 });
  });
});
