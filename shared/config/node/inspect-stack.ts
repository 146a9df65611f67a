import { join } from 'node:path';
import { DEFAULT_ENV_DIALECT } from '../env-file/dialect.ts';
import type { OutsideLookup } from '../env-file/reference.ts';
import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { resolveService, type ResolvedService } from '../resolve.ts';
import type { EnvFileReport, StackFacts } from '../rules/context.ts';
import { envFileNames, type StackService } from '../stack.ts';
import { validateStack, type StackValidation } from '../validate.ts';
import { isDeployedProfile } from '../profile.ts';
import { openFallbackStore } from './fallback-store.ts';
import { readEnvFile, type EnvFileRead } from './read-env-file.ts';
import { readIgnoredFiles } from './read-ignored-files.ts';
import { readLoaderFiles } from './service-loaders.ts';
import { scanStackCode, type StackCodeScans } from './stack-code-scans.ts';
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
  // The services' code as the caller scanned it (the engine keeps one scan over a burst of service starts); scanned here when
  // absent. The env files its loaders name are read here either way.
  codeScans?: StackCodeScans;
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
  // The stack root's files are read once for each way of reading them in use: a dialect, and for the expanding
  // dialects the environment it expands from (the launcher's values differ per service).
  const stackReads = new Map<string, Promise<(EnvFileRead & { scope: 'stack' })[]>>();
  const stackFilesFor = (service: StackService): Promise<(EnvFileRead & { scope: 'stack' })[]> => {
    const dialect = service.dialect ?? DEFAULT_ENV_DIALECT;
    const readKey = dialect === DEFAULT_ENV_DIALECT ? dialect : JSON.stringify([dialect, options.overrides?.[service.name] ?? {}, options.launcher?.[service.name] ?? {}]);
    let read = stackReads.get(readKey);
    if (!read) {
      read = Promise.all(names.map(async (name) => ({ ...(await readEnvFile(join(stackDir, name), dialect, outsideFor(options, service.name))), scope: 'stack' as const })));
      stackReads.set(readKey, read);
    }
    return read;
  };
  const stackFilesByService = await Promise.all(services.map(stackFilesFor));
  const stackFiles = stackReads.size === 0 ? await Promise.all(names.map(async (name) => ({ ...(await readEnvFile(join(stackDir, name))), scope: 'stack' as const }))) : (await Promise.all(stackReads.values())).flat();
  const serviceFiles = await Promise.all(services.map((service) => {
    const dir = options.envDir ? join(options.envDir, service.name) : join(options.root, service.envDir);
    const dialect = service.dialect ?? DEFAULT_ENV_DIALECT;
    return Promise.all(names.map(async (name) => ({ ...(await readEnvFile(join(dir, name), dialect, outsideFor(options, service.name))), scope: 'service' as const, service: service.name })));
  }));
  const ignoredFiles = await readIgnoredFiles(options.profile, stackDir, services.map((service) => ({
    service: service.name,
    dir: options.envDir ? join(options.envDir, service.name) : join(options.root, service.envDir),
  })));
  const store = isDeployedProfile(options.profile) ? undefined : openFallbackStore(options.stateDir ?? join(options.root, '.stackdeck'));

  const resolved = services.map((service, index) => resolveService({
    service: service.name,
    schema: service.schema,
    profile: options.profile,
    files: [...(serviceFiles[index] ?? []), ...(stackFilesByService[index] ?? [])],
    os: options.osEnv,
    launcher: options.launcher?.[service.name],
    overrides: options.overrides?.[service.name],
    generatedFallback: store ? (key, length) => store.secretFor(key, length) : undefined,
  }));
  const files: EnvFileReport[] = [...serviceFiles.flat(), ...stackFiles];
  const { loaders, codeReads } = options.codeScans ?? await scanStackCode(options.root, services);
  const loaderFiles = await readLoaderFiles(loaders);
  const validation = validateStack({ profile: options.profile, stack: options.stack, services: resolved, files, displayPath, loaders, loaderFiles,
    launcherKeys: Object.fromEntries(services.map((service) => [service.name, service.launcherKeys ?? []])),
    codeReads,
    ignoredFiles,
  });
  for (const service of services) validation.findings.push(...(service.schemaProblems ?? []).map((problem) => ({ ...problem, file: problem.file && displayPath(problem.file) })));
  if (store && store.problems.length > 0) {
    validation.findings.push(...store.problems.map((problem): Finding => ({ ...problem, file: problem.file && displayPath(problem.file) })));
  }
  return { profile: options.profile, services: resolved, files, validation, loaders };
}

// What a service's loader finds in its process environment when it expands `${NAME}`: what Stackdeck passes it
// (overrides, then launcher values) over the OS environment it inherits.
function outsideFor(options: InspectStackOptions, service: string): OutsideLookup {
  const overrides = options.overrides?.[service];
  const launcher = options.launcher?.[service];
  return (name) => {
    if (overrides && Object.hasOwn(overrides, name)) return { value: overrides[name] as string, source: { kind: 'override' } };
    if (launcher && Object.hasOwn(launcher, name)) return { value: launcher[name] as string, source: { kind: 'launcher' } };
    const os = Object.hasOwn(options.osEnv, name) ? options.osEnv[name] : undefined;
    return os === undefined ? undefined : { value: os, source: { kind: 'os' } };
  };
}
