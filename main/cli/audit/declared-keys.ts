import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VariablesFileSchema } from '../../../shared/config/schema-file/variables-file.ts';

export interface DeclaredKey {
  key: string;
  // Where the declaration is written, when it is a file Stackdeck can point at.
  file?: string;
  line?: number;
}

// Why: a `schema` naming a variables file (what init writes) declares its keys; read here with file:line until the stack
// loader resolves such paths itself. A missing or invalid file declares nothing (check reports the file).
export async function keysOfVariablesFile(root: string, schema: string | undefined): Promise<DeclaredKey[]> {
  if (!schema?.endsWith('.json')) return [];
  let text: string;
  try {
    text = await readFile(join(root, schema), 'utf8');
  } catch {
    return [];
  }
  let parsed;
  try {
    parsed = VariablesFileSchema.safeParse(JSON.parse(text));
  } catch {
    return [];
  }
  if (!parsed.success) return [];
  const lines = text.split('\n');
  return Object.keys(parsed.data.variables).map((key) => {
    const index = lines.findIndex((line) => line.includes(`${JSON.stringify(key)}:`) || line.includes(`${JSON.stringify(key)} :`));
    return { key, file: schema, ...(index === -1 ? {} : { line: index + 1 }) };
  });
}
