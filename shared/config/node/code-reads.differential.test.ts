import { spawnSync } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readsInText } from './code-reads.ts';

// The scanner claims to find the keys a program reads. For straight-line programs the interpreters themselves can say
// which keys were read, in order: V8 through a Proxy standing in for process.env, CPython through a dict subclass
// standing in for os.environ. Both must agree with the scanner, key for key.

const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,11}$/);
const literal = fc.stringMatching(/^[a-z0-9:/.-]{0,10}$/);

const JS_FORMS: fc.Arbitrary<string>[] = [
  key.map((k) => `v = process.env.${k};`),
  key.map((k) => `v = process.env['${k}'];`),
  key.map((k) => `v = process.env["${k}"] ?? 'x';`),
  fc.tuple(key, literal).map(([k, d]) => `v = process.env.${k} || '${d}';`),
  fc.uniqueArray(key, { minLength: 1, maxLength: 4 }).map((keys) => `{ const { ${keys.join(', ')} } = process.env; }`),
  key.map((k) => `process.env.${k} = 'set';`),
  fc.constant('v = 1 + 2;'),
  fc.constant('// nothing read here'),
];

const PYTHON_FORMS: fc.Arbitrary<string>[] = [
  key.map((k) => `v = os.environ["${k}"]`),
  key.map((k) => `v = os.environ.get('${k}')`),
  fc.tuple(key, literal).map(([k, d]) => `v = os.environ.get("${k}", "${d}")`),
  key.map((k) => `v = os.getenv("${k}")`),
  fc.tuple(key, literal).map(([k, d]) => `v = os.getenv('${k}', '${d}')`),
  key.map((k) => `v = environ["${k}"]`),
  key.map((k) => `v = getenv("${k}")`),
  key.map((k) => `os.environ["${k}"] = "set"`),
  fc.constant('v = 1 + 2'),
];

const program = (forms: fc.Arbitrary<string>[]) => fc.array(fc.oneof(...forms), { minLength: 1, maxLength: 10 }).map((lines) => lines.join('\n'));

// The keys V8 reads from process.env while running the program, in order.
function keysReadByV8(source: string): string[] {
  const seen: string[] = [];
  const env = new Proxy({} as Record<string, string>, {
    get: (target, property) => {
      if (typeof property === 'string') seen.push(property);
      return target[property as string];
    },
  });
  runInNewContext(`let v;\n${source}`, { process: { env } });
  return seen;
}

const PYTHON_HARNESS = `
import json, os, sys
class Watched(dict):
    seen = []
    def __getitem__(self, key):
        Watched.seen.append(key)
        return dict.get(self, key, "x")
    def get(self, key, default=None):
        Watched.seen.append(key)
        return dict.get(self, key, default)
os.environ = Watched()
for source in json.load(sys.stdin):
    Watched.seen = []
    exec("import os\\nfrom os import environ, getenv\\n" + source, {})
    print(json.dumps(Watched.seen))
`;

// The keys CPython reads from os.environ while running each program, in order (one interpreter for the batch).
function keysReadByCPython(sources: readonly string[]): string[][] {
  const result = spawnSync('python3', ['-c', PYTHON_HARNESS], { input: JSON.stringify(sources), encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as string[]);
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('readsInText against the interpreters', () => {
  it('finds exactly the keys V8 reads from process.env (300 generated programs)', () => {
    fc.assert(fc.property(program(JS_FORMS), (source) => {
      expect(readsInText(source, 'javascript').map((read) => read.key)).toEqual(keysReadByV8(source));
    }), { numRuns: 300 });
  });

  it.skipIf(!hasPython)('finds exactly the keys CPython reads from os.environ (300 generated programs)', () => {
    const sources = fc.sample(program(PYTHON_FORMS), { numRuns: 300, seed: 20_261_205 });
    const actual = keysReadByCPython(sources);
    const disagreements = sources.filter((source, index) => JSON.stringify(readsInText(source, 'python').map((read) => read.key)) !== JSON.stringify(actual[index]));
    expect(disagreements).toEqual([]);
    expect(actual.flat().length).toBeGreaterThan(300);
  });

  it('the defaults it reports are the ones the program falls back to', () => {
    fc.assert(fc.property(key, literal, (k, d) => {
      const [read] = readsInText(`v = process.env.${k} || '${d}';`, 'javascript');
      expect(read?.default).toBe(d);
      const value = runInNewContext(`let v; v = process.env.${k} || '${d}'; v`, { process: { env: {} } }) as string;
      expect(value === d || d === '').toBe(true);
    }), { numRuns: 100 });
  });
});
