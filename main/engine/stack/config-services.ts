import { basename, resolve } from 'node:path';
import type { Finding } from '../../../shared/config/finding.ts';
import { readEnvSchema } from '../../../shared/config/node/read-env-schema.ts';
import { JsonFileError, describeJsonIssue } from '../../../shared/config/node/read-jsonc-file.ts';
import { loadVariablesSchema } from '../../../shared/config/node/read-variables-file.ts';
import type { StackFacts } from '../../../shared/config/rules/context.ts';
import { buildServiceSchema } from '../../../shared/config/schema-file/build-schema.ts';
import type { StackService } from '../../../shared/config/stack.ts';
import { defineServiceSchema, type ServiceSchema } from '../../../shared/config/variable.ts';
import type { StackFile } from '../../../shared/stack/stack-file-schema.ts';

// Why: the configuration engine needs each service's name, env folder and schema; `up`, `check` and `env` must read
// the same ones from the stack file, or a check would judge a stack other than the one that runs.
export async function configServicesOf(root: string, stack: StackFile, stackFile: { path: string; text: string }): Promise<StackService[]> {
  return Promise.all(Object.entries(stack.services).map(async ([name, spec]) => {
    const loaded = spec.schema === undefined ? undefined : await loadSchemaFile(resolve(root, spec.schema), name);
    const fromFile = loaded?.schema;
    return {
      schemaProblems: loaded?.problems,
      name, envDir: spec.envDir, cwd: spec.cwd, dialect: spec.envDialect, schema: withInline(name, fromFile, spec.variables, stackFile),
      launcherKeys: [...(spec.port ? [spec.port.variable] : []), ...Object.keys(spec.peers)],
    };
  }));
}

// A variables file (JSON), or a varlock .env.schema whose errors refuse the stack and whose lesser problems become
// findings (a decorator Stackdeck checks less strictly than varlock, say).
async function loadSchemaFile(path: string, service: string): Promise<{ schema: ServiceSchema; problems?: Finding[] }> {
  if (!basename(path).endsWith('.env.schema')) return { schema: loadVariablesSchema(path, service) };
  const { file, problems } = await readEnvSchema(path);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new JsonFileError(path, errors.map((problem) => `${problem.file ?? path}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`), '.env.schema');
  const built = buildServiceSchema(service, file);
  if (built.problems.length > 0) throw new JsonFileError(path, built.problems.map((problem) => `${path}: ${problem.path.join('.')}: ${problem.message}`), '.env.schema');
  return { schema: built.schema, problems };
}

// Inline declarations (stackdeck.json `variables`) add to, and win over, the schema file's.
function withInline(name: string, fromFile: ServiceSchema | undefined, inline: StackFile['services'][string]['variables'], stackFile: { path: string; text: string }): ServiceSchema | undefined {
  if (!inline || Object.keys(inline).length === 0) return fromFile;
  const { schema, problems } = buildServiceSchema(name, { variables: inline });
  if (problems.length > 0) {
    throw new JsonFileError(stackFile.path, problems.map((problem) => describeJsonIssue(stackFile.path, stackFile.text, { path: ['services', name, ...problem.path], message: problem.message })));
  }
  return fromFile ? defineServiceSchema(name, { ...fromFile.variables, ...schema.variables }) : schema;
}

// What rules need from the stack file: peer URL variables, port variables, and the team's rule severities.
export function stackFactsOf(stack: StackFile): StackFacts {
  const services = Object.entries(stack.services);
  return {
    peers: Object.fromEntries(services.map(([name, spec]) => [name, spec.peers])),
    portVariables: Object.fromEntries(services.flatMap(([name, spec]) => (spec.port ? [[name, spec.port.variable]] : []))),
    ruleSeverities: stack.rules,
  };
}
