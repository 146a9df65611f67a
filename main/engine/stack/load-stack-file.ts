import { join } from 'node:path';
import { JsonFileError, readJsoncFile } from '../../../shared/config/node/read-jsonc-file.ts';
import type { StackService } from '../../../shared/config/stack.ts';
import { StackFileSchema, type StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { configServicesOf } from './config-services.ts';

export const STACK_FILE = 'stackdeck.json';

// A stack file (or a schema file it names) that cannot be used: every problem with the file and the field at fault.
export class StackFileError extends JsonFileError {}

export interface LoadedStack {
  path: string;
  stack: StackFile;
  // Each service's name, env folder and loaded variables schema, for the configuration engine.
  services: StackService[];
}

// Why: the stack file is input from a user's editor; it and the variables schemas it names are checked together, so
// `up`, `ui`, `check` and `env` refuse the same broken file with the same message.
export async function loadStackFile(root: string): Promise<LoadedStack> {
  const path = join(root, STACK_FILE);
  try {
    const { text, data: stack } = readJsoncFile(path, StackFileSchema, 'stack file');
    return { path, stack, services: configServicesOf(root, stack, { path, text }) };
  } catch (error) {
    if (!(error instanceof JsonFileError)) throw error;
    const missing = error.file === path && error.problems[0] === `${path} does not exist`;
    throw new StackFileError(error.file, missing ? [`no ${STACK_FILE} in ${root}: create one with \`stackdeck init\` (see README) or run from the stack's root`] : error.problems, error.file === path ? 'stack file' : 'variables file');
  }
}
