import { join } from 'node:path';
import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { resolveService, type ResolvedService } from '../resolve.ts';
import type { EnvFileReport, StackFacts } from '../rules/context.ts';
import { envFileNames, type StackService } from '../stack.ts';
import { validateStack, type StackValidation } from '../validate.ts';
import { isDeployedProfile } from '../profile.ts';
import { openFallbackStore } from './fallback-store.ts';
import { readEnvFile } from './read-env-file.ts';
import { readServiceLoaders } from './service-loaders.ts';
import type { EnvLoader } from '../env-loaders/env-loader.ts';

export interface InspectStackOptions {
  root: string;
  // Read env files from here instead (`DIR/.env*` for all, `DIR/<service>/.env*` per service).
  envDir?: string;
  profile: Profile;
  osEnv: Readonly<Record<string, string | undefined>>;
  // The stack file's services, with their loaded schemas.
  services: readonly StackService[];
  // What the stack file says that rules need (peers, port variables, rule severities).
  stack?: StackFacts;
  // Where generated fallbacks live; defaults to <root>/.stackdeck.
  stateDir?: string;
  launcher?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  overrides?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  displayPath?: (path: string) => string;
}

export interface StackInspection {
  profile: Profile;
  services: ResolvedService[];
  files: EnvFileReport[];
  validation: StackValidation;
  // Env loaders in each service's own code (load_dotenv, dotenv.config, ...), by service name.
  loaders?: Record<string, EnvLoader[]>;
}

// Why: `check`, `env` and the engine all need the same read -> resolve -> validate pass over a stack.
export async function inspectStack(options: InspectStackOptions): Promise<StackInspection> {
  const services = options.services;
  const displayPath = options.displayPath ?? ((path: string) => path);
  const names = envFileNames(options.profile);
  const stackDir = options.envDir ?? options.root;
  const stackFiles = await Promise.all(names.map(async (name) => ({ ...(await readEnvFile(join(stackDir, name))), scope: 'stack' as const })));
  const serviceFiles = await Promise.all(services.map((service) => {
    const dir = options.envDir ? join(options.envDir, service.name) : join(options.root, service.envDir);
    return Promise.all(names.map(async (name) => ({ ...(await readEnvFile(join(dir, name))), scope: 'service' as const, service: service.name })));
  }));
  const store = isDeployedProfile(options.profile) ? undefined : openFallbackStore(options.stateDir ?? join(options.root, '.stackdeck'));

  const resolved = services.map((service, index) => resolveService({
    service: service.name,
    schema: service.schema,
    profile: options.profile,
    files: [...(serviceFiles[index] ?? []), ...stackFiles],
    os: options.osEnv,
    launcher: options.launcher?.[service.name],
    overrides: options.overrides?.[service.name],
    generatedFallback: store ? (key, length) => store.secretFor(key, length) : undefined,
  }));
  const files: EnvFileReport[] = [...serviceFiles.flat(), ...stackFiles];
  const loaders = await readServiceLoaders(options.root, services);
  const validation = validateStack({ profile: options.profile, stack: options.stack, services: resolved, files, displayPath, loaders: loaders.loaders, loaderFiles: loaders.files,
    launcherKeys: Object.fromEntries(services.map((service) => [service.name, service.launcherKeys ?? []])),
  });
  if (store && store.problems.length > 0) {
    validation.findings.push(...store.problems.map((problem): Finding => ({ ...problem, file: problem.file && displayPath(problem.file) })));
  }
  return { profile: options.profile, services: resolved, files, validation, loaders: loaders.loaders };
}
