import { join } from 'node:path';
import { JsonFileError, readJsoncFile } from '../../../shared/config/node/read-jsonc-file.ts';
import type { StackService } from '../../../shared/config/stack.ts';
import { StackFileSchema, type StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { configServicesOf } from './config-services.ts';
import { StackFileError } from './stack-file-error.ts';

export { StackFileError };

export const STACK_FILE = 'stackdeck.json';

export interface LoadedStack {
  path: string;
  stack: StackFile;
  // Each service's name, env folder and loaded variables schema, for the configuration engine.
  services: StackService[];
}

// Why: every command that needs a stack says the same thing where there is none, and names the way to make one.
export function missingStackFileMessage(root: string): string {
  return `no ${STACK_FILE} in ${root}: run \`stackdeck init\` there to write one from what the repository already says (compose file, Procfile, package.json, Python entry points), or pass --root DIR`;
}

// No stack file at all: its message is the one line above, not a list of problems with a file.
export class MissingStackFileError extends StackFileError {
  constructor(root: string) {
    super(join(root, STACK_FILE), [missingStackFileMessage(root)]);
    this.message = missingStackFileMessage(root);
  }
}

// Why: the stack file is input from a user's editor; it and the variables schemas it names are checked together, so
// `up`, `ui`, `check` and `env` refuse the same broken file with the same message.
export async function loadStackFile(root: string): Promise<LoadedStack> {
  const path = join(root, STACK_FILE);
  try {
    const { text, data: stack } = readJsoncFile(path, StackFileSchema, 'stack file');
    return { path, stack, services: await configServicesOf(root, stack, { path, text }) };
  } catch (error) {
    if (!(error instanceof JsonFileError)) throw error;
    if (error.file === path && error.problems[0] === `${path} does not exist`) throw new MissingStackFileError(root);
    throw new StackFileError(error.file, error.problems, error.file === path ? 'stack file' : 'variables file');
  }
}
