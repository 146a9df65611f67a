import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readEnvFile } from '../../../shared/config/node/read-env-file.ts';

export interface EnvSourceEntry {
  key: string;
  value: string;
  // Relative to the root, with its line: where a description can send the reader.
  file: string;
  line: number;
  // From an example/sample/template file: what the team expects to be set, not a value in use.
  example: boolean;
}

// `.env`, `.env.local`, `.env.<anything>`, `app.env`; examples: `.env.example`, `.env.sample`, `*.template` with env in its name.
const ENV_FILE = /^(\.env(\..+)?|.+\.env|env\.(example|sample|template))$/i;
const TEMPLATE = /env.*\.template$|\.template$/i;
const EXAMPLE = /(example|sample|template|dist|defaults?)$/i;

// Why: which env files sit in a folder and what they assign, each entry with file:line, examples told apart.
export async function envSourcesIn(root: string, dir: string): Promise<EnvSourceEntry[]> {
  let names: string[];
  try {
    names = (await readdir(join(root, dir), { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
  } catch {
    return [];
  }
  const files = names.filter((name) => ENV_FILE.test(name) || (TEMPLATE.test(name) && /env/i.test(name)));
  return (await Promise.all(files.map((name) => envSourceFile(root, dir === '.' ? name : `${dir}/${name}`)))).flat();
}

// One env file (a compose env_file may sit anywhere), relative to the root.
export async function envSourceFile(root: string, file: string): Promise<EnvSourceEntry[]> {
  const read = await readEnvFile(join(root, file));
  const example = EXAMPLE.test(file);
  return read.entries.map((entry) => ({ key: entry.key, value: entry.value, file, line: entry.line, example }));
}
