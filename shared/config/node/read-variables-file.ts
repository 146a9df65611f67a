import { dirname, resolve } from 'node:path';
import { buildServiceSchema } from '../schema-file/build-schema.ts';
import { VariablesFileSchema, type VariablesFile } from '../schema-file/variables-file.ts';
import type { ServiceSchema } from '../variable.ts';
import { JsonFileError, describeJsonIssue, readJsoncFile } from './read-jsonc-file.ts';

const WHAT = 'variables file';

interface LoadedFile {
  path: string;
  text: string;
  file: VariablesFile;
}

// Why: a service's variables come from data its team writes; the launcher, `check` and the service itself load the
// same file, so all three judge a value the same way. Any problem is a JsonFileError naming file, line and field.
export function loadVariablesSchema(path: string, service: string): ServiceSchema {
  const chain = readWithExtends(resolve(path), []);
  // Later files win: a file's own declarations override what it extends.
  const origin = new Map<string, LoadedFile>();
  for (const loaded of chain) for (const key of Object.keys(loaded.file.variables)) origin.set(key, loaded);
  const merged: VariablesFile = { variables: Object.fromEntries(chain.flatMap((loaded) => Object.entries(loaded.file.variables))) };
  const { schema, problems } = buildServiceSchema(service, merged);
  if (problems.length > 0) {
    const lines = problems.map((problem) => {
      const owner = origin.get(String(problem.path[1])) ?? chain.at(-1) as LoadedFile;
      return describeJsonIssue(owner.path, owner.text, { path: problem.path, message: problem.message });
    });
    throw new JsonFileError(chain.at(-1)?.path ?? path, lines, WHAT);
  }
  return schema;
}

// The file and everything it extends, the extended ones first.
function readWithExtends(path: string, visiting: string[]): LoadedFile[] {
  if (visiting.includes(path)) throw new JsonFileError(visiting[0] as string, [`extends forms a cycle: ${[...visiting, path].join(' -> ')}`], WHAT);
  const { text, data } = readJsoncFile(path, VariablesFileSchema, WHAT);
  const parents: LoadedFile[] = [];
  for (const parent of data.extends ?? []) parents.push(...readWithExtends(resolve(dirname(path), parent), [...visiting, path]));
  return [...parents, { path, text, file: data }];
}
