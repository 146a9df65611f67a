import { z } from 'zod';
import { VariablesFileSchema } from '../../../shared/config/schema-file/variables-file.ts';
import { StackFileSchema } from '../../../shared/stack/stack-file-schema.ts';

// Editors complete and check stackdeck.json and variables files from these (their "$schema" points here).
const JSON_SCHEMA_FILES = {
  'stackdeck.schema.json': { schema: StackFileSchema, title: 'Stackdeck stack file' },
  'stackdeck.variables.schema.json': { schema: VariablesFileSchema, title: 'Stackdeck variables file: the variables one service reads' },
} as const;

export type JsonSchemaFileName = keyof typeof JSON_SCHEMA_FILES;

// Why: the committed JSON Schemas are generated from the zod schemas that check the files, never written twice.
export function jsonSchemaText(name: JsonSchemaFileName): string {
  const { schema, title } = JSON_SCHEMA_FILES[name];
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    // Inline variables in a stack file are declared as in a variables file: point there rather than repeat it.
    override: (context) => {
      if (name === 'stackdeck.schema.json' && context.zodSchema === VariablesFileSchema.shape.variables) {
        for (const key of Object.keys(context.jsonSchema)) Reflect.deleteProperty(context.jsonSchema, key);
        Object.assign(context.jsonSchema, { $ref: './stackdeck.variables.schema.json#/properties/variables' });
      }
    },
  });
  return `${JSON.stringify({ ...json, title }, null, 2)}\n`;
}

export const JSON_SCHEMA_FILE_NAMES = Object.keys(JSON_SCHEMA_FILES) as JsonSchemaFileName[];

// `node main/engine/stack/stack-json-schema.ts` rewrites both files at the repository root.
if (import.meta.main) {
  const { writeFileSync } = await import('node:fs');
  for (const name of JSON_SCHEMA_FILE_NAMES) writeFileSync(new URL(`../../../${name}`, import.meta.url), jsonSchemaText(name));
}
