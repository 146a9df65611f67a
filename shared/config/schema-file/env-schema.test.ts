import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEnvSchema } from './env-schema.ts';
import { VariablesFileSchema } from './variables-file.ts';

const read = (text: string) => parseEnvSchema(text, '.env.schema');
const variable = (text: string, key: string) => read(text).file.variables[key];

describe('parseEnvSchema', () => {
  it('reads header defaults only from comment blocks before the first item', () => {
    const { file, problems } = read('# My app\n# @defaultRequired=infer @defaultSensitive=inferFromPrefix(PUBLIC_)\n# ---\nA=\nPUBLIC_B=x\n');
    expect(problems).toEqual([]);
    expect(file.variables.A).toMatchObject({ required: false, secret: true });
    expect(file.variables.PUBLIC_B).toMatchObject({ required: true, secret: false, default: 'x' });
  });

  it('without a header, every item is required and sensitive, as in varlock', () => {
    expect(variable('A=\n', 'A')).toMatchObject({ required: true, secret: true });
  });

  it('attaches the comments directly above an item: plain text as its description, decorators as its settings', () => {
    const text = '# @defaultSensitive=false\n# ---\n# What A is for\n# second line\n# @optional @type=port\nA=8080\n';
    expect(variable(text, 'A')).toEqual({ type: 'port', required: false, secret: false, default: '8080', description: 'What A is for\nsecond line' });
  });

  it('keeps a blank line or divider between comments and an item from attaching them, with an error for detached decorators', () => {
    const { file, problems } = read('A=1\n# @optional\n\nB=2\n');
    expect(file.variables.B?.required).toBe(true);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', line: 2, message: expect.stringMatching(/detached/) })]);
  });

  it('reads decorators after the value on the same line', () => {
    expect(variable('A=yes # @type=boolean @sensitive=false\n', 'A')).toMatchObject({ type: 'boolean', secret: false, default: 'yes' });
    expect(variable('A="x # y" # @optional\n', 'A')).toMatchObject({ required: false, default: 'x # y' });
  });

  it.each([
    ['# @required\nA=\n', { required: true }],
    ['# @required=false\nA=\n', { required: false }],
    ['# @optional\nA=\n', { required: false }],
    ['# @optional=false\nA=\n', { required: true }],
    ['# @sensitive=false\nA=\n', { secret: false }],
    ['# @public\nA=\n', { secret: false }],
    ['# @public=false\nA=\n', { secret: true }],
    ['# @deprecated\nA=\n', { deprecated: true }],
    ['# @deprecated="use B"\nA=\n', { deprecated: { message: 'use B' } }],
    ['# @example="sk-1"\nA=\n', { description: 'Example: sk-1' }],
    ['# @docs("Guide", https://a.dev)\nA=\n', { description: 'Docs: Guide https://a.dev' }],
    ['# @docsUrl=https://a.dev\nA=\n', { description: 'Docs: https://a.dev' }],
    ['# @icon=mdi:key @tag(x) @auditIgnore\nA=\n', { type: 'string' }],
  ])('reads %j', (text, expected) => {
    expect(variable(text, 'A')).toMatchObject(expected);
    expect(read(text).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reads forEnv() as the profiles that require the item', () => {
    const text = '# @currentEnv=$APP_ENV\n# ---\nAPP_ENV=dev\n# @required=forEnv(prod, staging)\nA=\n# @optional=forEnv(dev, test)\nB=\n';
    expect(read(text).problems).toEqual([]);
    expect(variable(text, 'A')?.required).toEqual(['staging', 'production']);
    expect(variable(text, 'B')?.required).toEqual(['staging', 'production']);
  });

  it('takes literal values as defaults and types unquoted numbers and booleans as varlock does', () => {
    const { file } = read('# @defaultSensitive=false\n# ---\nN=3000\nB=true\nQ="3000"\nS=\'$HOME\'\nU=undefined\n');
    expect(file.variables.N).toMatchObject({ type: 'number', default: '3000' });
    expect(file.variables.B).toMatchObject({ type: 'boolean', default: 'true' });
    expect(file.variables.Q).toMatchObject({ type: 'string', default: '3000' });
    expect(file.variables.S).toMatchObject({ default: '$HOME' });
    expect(file.variables.U?.default).toBeUndefined();
  });

  it('gives no default for a computed value, with an info note', () => {
    const { file, problems } = read('A=exec(`whoami`)\nB=${HOME}/x\n');
    expect(file.variables.A?.default).toBeUndefined();
    expect(file.variables.B?.default).toBeUndefined();
    expect(problems.map((p) => [p.severity, p.key])).toEqual([['info', 'A'], ['info', 'B']]);
  });

  it.each([
    ['# @bogus\nA=1\n', 1, /Unknown decorator @bogus/],
    ['# @required @optional\nA=1\n', 1, /both @required and @optional/],
    ['# @sensitive=maybe\nA=1\n', 1, /not true or false/],
    ['# @defaultRequired=maybe\n# ---\nA=1\n', 1, /not true, false or infer/],
    ['# @defaultSensitive=inferFrom(X)\n# ---\nA=1\n', 1, /inferFromPrefix/],
    ['# @required\n\nA=1\n', 1, /cannot be used in the file header/],
    ['A=1\n# @defaultRequired=false\nB=2\n', 2, /must be in the file header/],
    ['# @nonsense\n# ---\nA=1\n', 1, /Unknown decorator @nonsense in the file header/],
    ['# @required=forEnv(prod)\nA=\n', 1, /needs @currentEnv/],
    ['# @type=string(minLength=1\nA=1\n', 1, /Cannot read this decorator comment/],
    ['BAD-KEY=1\n', 1, /letters, digits and '_'/],
    ['# @description="x"\nA=1\n', 1, /not a varlock decorator/],
    ['# @deprecated=forEnv(x)\nA=1\n', 1, /not true, false or a message/],
  ])('reports %j as an error on line %i', (text, line, message) => {
    const { problems } = read(text);
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', file: '.env.schema', line, message: expect.stringMatching(message) }));
  });

  it('reads nothing from a file varlock skips with @disable', () => {
    const { file, problems } = read('# @disable\n# ---\nA=1\n');
    expect(file.variables).toEqual({});
    expect(problems).toEqual([expect.objectContaining({ severity: 'info', line: 1 })]);
  });

  it('never throws, and always returns a valid variables file with problems that name a line (fast-check)', () => {
    const pieces = fc.constantFrom(
      '# @', '@required', '@optional', '@sensitive', '@type=', 'enum(', 'string(', 'matches=', '"', "'", '`', '(', ')', ',', '[', ']',
      '=', '$', '{', '}', '#', ' ', '\n', '\r\n', '# ---\n', 'A', 'KEY', '1', 'true', 'forEnv(prod)', '@defaultRequired=infer', '@docs(', 'x',
    );
    const schemaText = fc.oneof(fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join('')), fc.string({ maxLength: 200 }));
    fc.assert(fc.property(schemaText, (text) => {
      const result = parseEnvSchema(text, 'f');
      expect(VariablesFileSchema.safeParse(result.file).success).toBe(true);
      for (const problem of result.problems) {
        expect(problem.file).toBe('f');
        expect(problem.line).toBeGreaterThanOrEqual(1);
      }
    }), { numRuns: 1500 });
  });
});
