import { parseEnvText } from '../env-file/parse-env-text.ts';
import type { Profile } from '../profile.ts';
import { resolveService } from '../resolve.ts';
import type { EnvFileReport, StackFacts, ValidationContext } from '../rules/context.ts';
import { envFileNames, ignoredEnvFileNames, type StackService } from '../stack.ts';
import { DEMO_STACK_FACTS, demoServices } from './demo-stack.ts';

export interface FixtureOptions {
  profile?: Profile;
  // Env texts by path relative to a virtual stack root: '.env', 'auth/.env.staging', 'backend/.env.local', ...
  files?: Record<string, string>;
  os?: Record<string, string>;
  launcher?: Record<string, Record<string, string>>;
  overrides?: Record<string, Record<string, string>>;
  services?: readonly StackService[];
  stack?: StackFacts;
  // Generated fallbacks: a fixed value per key keeps tests deterministic.
  generated?: (key: string) => string;
}

// A validation context from in-memory env texts, through the real parser and resolver: rule tests need no disk.
export function stackFixture(options: FixtureOptions = {}): ValidationContext {
  const profile = options.profile ?? 'development';
  const services = options.services ?? demoServices();
  const files = options.files ?? {};
  const report = (path: string, scope: 'service' | 'stack', service?: string): EnvFileReport => {
    const text = files[path];
    const parsed = text === undefined ? { entries: [], problems: [] } : parseEnvText(text, path);
    return { path, scope, service, exists: text !== undefined, entries: parsed.entries, problems: parsed.problems };
  };
  const stackFiles = envFileNames(profile).map((name) => report(name, 'stack'));
  const serviceFiles = services.map((service) => envFileNames(profile).map((name) => report(`${service.name}/${name}`, 'service', service.name)));
  const ignoredFiles = [
    ...services.flatMap((service) => ignoredEnvFileNames(profile).map((name) => report(`${service.name}/${name}`, 'service', service.name))),
    ...ignoredEnvFileNames(profile).map((name) => report(name, 'stack')),
  ];
  const generated = options.generated ?? ((key: string) => `generated-${key.toLowerCase()}-`.padEnd(48, 'x'));
  const resolved = services.map((service, index) => resolveService({
    service: service.name,
    schema: service.schema,
    profile,
    files: [...(serviceFiles[index] ?? []), ...stackFiles],
    os: options.os ?? {},
    launcher: options.launcher?.[service.name],
    overrides: options.overrides?.[service.name],
    generatedFallback: (key) => ({ value: generated(key), store: '.stackdeck/fallback-secrets.json' }),
  }));
  return { profile, stack: options.stack ?? (options.services ? undefined : DEMO_STACK_FACTS), services: resolved, files: [...serviceFiles.flat(), ...stackFiles], ignoredFiles, displayPath: (path) => path };
}
