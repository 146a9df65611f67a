import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { StackFileError, loadStackFile } from './load-stack-file.ts';

const tempDir = tempDirsForEachTest();

const stackWith = (service: object, files: Record<string, string> = {}) =>
  tempDir({ 'stackdeck.json': JSON.stringify({ services: { api: { command: ['python3', 'app.py'], envDir: 'api', ...service } } }, null, 2), ...files });

async function refusal(root: string): Promise<string[]> {
  const error = await loadStackFile(root).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StackFileError);
  return (error as StackFileError).problems;
}

describe('the variables a stack file gives each service', () => {
  it('loads a variables file named by path, following extends, with inline declarations winning', async () => {
    const root = stackWith({ schema: 'api/vars.json', variables: { PORT: { type: 'port', default: '9000' } } }, {
      'api/vars.json': JSON.stringify({ extends: ['../common.json'], variables: { DEBUG: { type: 'boolean', default: 'false' } } }),
      'common.json': JSON.stringify({ variables: { PORT: { type: 'port', default: '8000' }, API_TOKEN: { type: 'string', required: ['staging'] } } }),
    });
    const { services } = await loadStackFile(root);
    const schema = services[0]?.schema;
    expect(Object.keys(schema?.variables ?? {}).sort()).toEqual(['API_TOKEN', 'DEBUG', 'PORT']);
    expect(schema?.variables.PORT?.default).toBe('9000');
    expect(schema?.variables.API_TOKEN?.requiredIn).toEqual(['staging']);
    expect(schema?.variables.PORT?.schema.safeParse('70000').success).toBe(false);
  });

  it('reads a varlock .env.schema as the service schema', async () => {
    const root = stackWith({ schema: 'api/.env.schema' }, {
      'api/.env.schema': '# @defaultRequired=false\n# ---\n# @type=port\nPORT=8000\n# @required @sensitive\nSTRIPE_KEY=\n',
    });
    const schema = (await loadStackFile(root)).services[0]?.schema;
    expect(schema?.variables.PORT?.default).toBe('8000');
    expect(schema?.variables.STRIPE_KEY).toMatchObject({ secret: true, requiredIn: ['development', 'test', 'staging', 'production'] });
  });

  it('refuses a broken variables file naming file, line and field: unknown type, bad regex, a default that fails its type, an alias loop, an extends cycle', async () => {
    const variables = {
      A: { type: 'colour' },
      B: { type: 'string', pattern: '(unclosed' },
      C: { type: 'integer', default: 'ten' },
      D: { type: 'string', aliases: ['E'] },
      E: { type: 'string' },
    };
    const text = JSON.stringify({ variables }, null, 2);
    expect(await refusal(stackWith({ schema: 'vars.json' }, { 'vars.json': text }))).toEqual([
      expect.stringMatching(/vars\.json:4:\d+: variables\.A\.type: Invalid discriminator value. Expected .string. \| .integer./),
    ]);
    const wellTyped = Object.fromEntries(Object.entries(variables).filter(([key]) => key !== 'A'));
    const problems = await refusal(stackWith({ schema: 'vars.json' }, { 'vars.json': JSON.stringify({ variables: wellTyped }, null, 2) }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/vars\.json:\d+:\d+: variables\.B\.pattern: not a valid regular expression/),
      expect.stringMatching(/vars\.json:\d+:\d+: variables\.C\.default: the default "ten" is not a valid integer: must be a whole number/),
      expect.stringMatching(/variables\.D\.aliases\.0: E is declared as a variable of its own.*alias loop/),
    ]));
    expect(await refusal(stackWith({ schema: 'a.json' }, { 'a.json': '{"extends": ["b.json"]}', 'b.json': '{"extends": ["a.json"]}' })))
      .toEqual([expect.stringContaining('extends forms a cycle')]);
  });

  it('refuses a dialect that does not exist, and a schema file that is not there', async () => {
    expect(await refusal(stackWith({ envDialect: 'ruby-dotenv' }))).toEqual([expect.stringMatching(/services\.api\.envDialect: .*node-dotenv/)]);
    expect(await refusal(stackWith({ schema: 'missing.json' }))).toEqual([expect.stringContaining('missing.json does not exist')]);
  });
});
