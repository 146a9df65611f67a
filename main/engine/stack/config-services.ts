import type { StackService } from '../../../shared/config/stack.ts';
import type { StackFile } from '../../../shared/stack/stack-file-schema.ts';

// Why: the configuration engine needs each service's name, env folder and schema; `up`, `check` and `env` must read
// the same ones from the stack file, or a check would judge a stack other than the one that runs.
export function configServicesOf(stack: StackFile): StackService[] {
  return Object.entries(stack.services).map(([name, spec]) => ({ name, envDir: spec.envDir, schema: spec.schema, dialect: spec.envDialect }));
}
