import { z } from 'zod';
import { StackFileSchema } from '../../../shared/stack/stack-file-schema.ts';

// Editors complete and check stackdeck.json from this (its "$schema" points at stackdeck.schema.json).
export function stackJsonSchema(): string {
  const schema = z.toJSONSchema(StackFileSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Stackdeck stack file' }, null, 2)}\n`;
}

if (import.meta.main) process.stdout.write(stackJsonSchema());
