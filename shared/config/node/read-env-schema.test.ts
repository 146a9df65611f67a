import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasErrors } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { ENV_SCHEMA_CORPUS } from '../schema-file/testing/env-schema-corpus.ts';
import type { EnvSchemaRead } from '../schema-file/env-schema.ts';
import type { VariableDeclaration } from '../schema-file/variables-file.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { readEnvSchema } from './read-env-schema.ts';
import type { OracleItem, OracleResult } from './testing/varlock-oracle.ts';

const ORACLE_SCRIPT = fileURLToPath(new URL('./testing/varlock-oracle.ts', import.meta.url));
const ENV_PROFILE: Record<string, Profile> = { dev: 'development', prod: 'production' };

// What varlock's type names become in Stackdeck (see env-spec-types.ts).
function expectedType(item: OracleItem): VariableDeclaration['type'] {
  if (item.type === 'number') return item.integer ? 'integer' : 'number';
  if (item.type === 'ip' || item.type === 'domain') return 'host';
  if (item.type === 'simple-object' || item.type === 'record') return 'json';
  if (['boolean', 'url', 'email', 'port', 'enum'].includes(item.type ?? '')) return item.type as VariableDeclaration['type'];
  return 'string';
}

// Our description is varlock's plus lines for @example and @docs, which varlock keeps apart.
function ownDescription(declaration: VariableDeclaration): string {
  return (declaration.description ?? '').split('\n').filter((line) => !/^(Example|Docs): /.test(line)).join('\n');
}

function requiredIn(declaration: VariableDeclaration, profile: Profile | undefined): boolean | Profile[] {
  if (typeof declaration.required === 'boolean' || profile === undefined) return declaration.required;
  return declaration.required.includes(profile);
}

describe('readEnvSchema against the real varlock package (differential)', () => {
  const oracle: OracleResult[] = [];
  const ours: EnvSchemaRead[] = [];

  beforeAll(async () => {
    const { dir, cleanup } = makeTempDir(Object.fromEntries(ENV_SCHEMA_CORPUS.map((schema, index) => [`s${index}/.env.schema`, schema.text])));
    try {
      const requests = ENV_SCHEMA_CORPUS.map((schema, index) => ({ file: join(dir, `s${index}`, '.env.schema'), env: schema.env }));
      const out = join(dir, 'oracle.json');
      // varlock runs offline: it reads the files, resolves literal values and runs no plugin.
      execFileSync(process.execPath, [ORACLE_SCRIPT, JSON.stringify(requests), out], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, VARLOCK_TELEMETRY_DISABLED: 'true', DO_NOT_TRACK: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 60_000,
      });
      oracle.push(...(JSON.parse(readFileSync(out, 'utf8')) as OracleResult[]));
      for (const request of requests) ours.push(await readEnvSchema(request.file));
    } finally {
      cleanup();
    }
  }, 90_000);

  it('agrees with varlock on keys, required, sensitive, type, default, description and deprecation', () => {
    const counts = { schemas: 0, items: 0, compared: 0, agreed: 0 };
    const disagreements: string[] = [];
    ENV_SCHEMA_CORPUS.forEach((schema, index) => {
      const theirs = oracle[index] as OracleResult;
      const read = ours[index] as EnvSchemaRead;
      if (theirs.refused) return;
      counts.schemas++;
      const profile = ENV_PROFILE[schema.env?.APP_ENV ?? ''];
      const compare = (key: string, field: string, expected: unknown, actual: unknown) => {
        counts.compared++;
        if (JSON.stringify(expected) === JSON.stringify(actual)) counts.agreed++;
        else disagreements.push(`${schema.name} ${key}.${field}: varlock ${JSON.stringify(expected)}, ours ${JSON.stringify(actual)}`);
      };
      compare('*', 'keys', theirs.items.map((item) => item.key).sort(), Object.keys(read.file.variables).sort());
      for (const item of theirs.items) {
        const declaration = read.file.variables[item.key];
        if (!declaration) continue;
        counts.items++;
        compare(item.key, 'required', item.required, requiredIn(declaration, profile));
        compare(item.key, 'sensitive', item.sensitive, declaration.secret);
        compare(item.key, 'type', expectedType(item), declaration.type);
        // A variable set in the environment replaces varlock's resolver, so its schema default is not visible there.
        if (!(item.key in (schema.env ?? {}))) compare(item.key, 'default', item.computed || item.literal === null ? undefined : String(item.literal), declaration.default);
        compare(item.key, 'description', item.description ?? '', ownDescription(declaration));
        compare(item.key, 'deprecated', item.deprecated, declaration.deprecated !== undefined);
        if (item.type === 'enum' && declaration.type === 'enum') compare(item.key, 'enum', true, declaration.values.includes(String(item.literal)));
      }
    });
    console.log(`varlock oracle: ${counts.schemas} schemas varlock accepts, ${counts.items} items, ${counts.agreed}/${counts.compared} field comparisons agree`);
    expect(disagreements).toEqual([]);
    expect(counts.items).toBeGreaterThan(60);
  });

  it('reports an error wherever varlock refuses the file, and none where varlock accepts it', () => {
    const verdicts = ENV_SCHEMA_CORPUS.map((schema, index) => ({
      name: schema.name,
      varlockRefuses: (oracle[index] as OracleResult).refused,
      weReportAnError: hasErrors((ours[index] as EnvSchemaRead).problems),
    }));
    const agreeing = verdicts.filter((verdict) => verdict.varlockRefuses === verdict.weReportAnError).length;
    console.log(`varlock oracle: refuse/accept verdicts agree on ${agreeing}/${verdicts.length} schemas (${verdicts.filter((v) => v.varlockRefuses).length} refused by varlock)`);
    expect(verdicts.filter((verdict) => verdict.varlockRefuses !== verdict.weReportAnError)).toEqual([]);
  });
});

describe('readEnvSchema on the file system', () => {
  const tempDir = tempDirsForEachTest();

  it('reads a real .env.schema with its problems pointing at the file and line', async () => {
    const dir = tempDir({ '.env.schema': '# @defaultSensitive=false\n# ---\n# @type=port\nPORT=3000\n# @bogus\nX=1\n' });
    const read = await readEnvSchema(join(dir, '.env.schema'));
    expect(read.file.variables.PORT).toMatchObject({ type: 'port', default: '3000', required: true, secret: false });
    expect(read.problems).toEqual([expect.objectContaining({ severity: 'error', file: join(dir, '.env.schema'), line: 5, key: 'X' })]);
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'nope', '.env.schema'), /does not exist/],
    ['a directory', (dir: string) => dir, /not a regular file/],
    ['binary data', (dir: string) => join(dir, 'bin.schema'), /binary data/],
  ])('gives a finding, not an exception, for %s', async (_name, pathIn, message) => {
    const dir = tempDir({ 'bin.schema': Buffer.from([65, 61, 0, 1, 2]) });
    const read = await readEnvSchema(pathIn(dir));
    expect(read.file.variables).toEqual({});
    expect(read.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(message) })]);
  });
});
