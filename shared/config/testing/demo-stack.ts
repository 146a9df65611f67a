import { join } from 'node:path';
import { loadVariablesSchema } from '../node/read-variables-file.ts';
import type { StackService } from '../stack.ts';

// The repository root, from this file's place (shared/config/testing).
export const REPOSITORY_ROOT = join(import.meta.dirname, '../../..');

// The demo stack's services with the variables files the real services load, for tests of rules and resolution.
export function demoServices(envDirOf: (name: string) => string = (name) => `services/${name}`): StackService[] {
  return ['auth', 'backend'].map((name) => ({
    name,
    envDir: envDirOf(name),
    schema: loadVariablesSchema(join(REPOSITORY_ROOT, 'services', name, 'stackdeck.variables.json'), name),
  }));
}

// The demo stack file's facts that rules need: backend reaches auth through AUTH_SERVICE_URL; both listen on PORT.
export const DEMO_STACK_FACTS = {
  peers: { backend: { AUTH_SERVICE_URL: 'auth' }, auth: {} },
  portVariables: { auth: 'PORT', backend: 'PORT' },
};

// A stackdeck.json for the demo services in a temp stack: env folders services/<name>, the repository's schema files.
export function demoStackFile(extra: { auth?: object; backend?: object } = {}): Record<string, string> {
  const service = (name: 'auth' | 'backend', more: object) => ({
    command: ['node', join(REPOSITORY_ROOT, 'services', name, 'main.ts')],
    envDir: `services/${name}`,
    schema: join(REPOSITORY_ROOT, 'services', name, 'stackdeck.variables.json'),
    port: { variable: 'PORT' },
    ...more,
    ...extra[name],
  });
  const services = { auth: service('auth', {}), backend: service('backend', { dependsOn: { auth: 'healthy' }, peers: { AUTH_SERVICE_URL: 'auth' }, agents: { loginFrom: 'auth' } }) };
  return { 'stackdeck.json': JSON.stringify({ services }, null, 2) };
}
