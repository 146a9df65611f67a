import { join } from 'node:path';
import type { EnvLoader } from '../env-loaders/env-loader.ts';
import type { EnvFileReport } from '../rules/context.ts';
import type { StackService } from '../stack.ts';
import { scanEnvLoaders } from './env-loaders.ts';
import { readEnvFile } from './read-env-file.ts';

export interface ServiceLoaders {
  loaders: Record<string, EnvLoader[]>;
  // Each env file a loader names, read once.
  files: EnvFileReport[];
}

// Why: the folder whose code is a service's own: its cwd, unless that is the stack root (shared by every service), then its
// env folder. One answer for every scan of a service's code (env loaders, the keys it reads, audit).
export function serviceCodeDir(service: Pick<StackService, 'cwd' | 'envDir'>): string {
  return service.cwd !== undefined && service.cwd !== '.' && service.cwd !== '' ? service.cwd : service.envDir;
}

// Why: the validation rules and `stackdeck env` need each service's loaders and what their files set, read in one pass.
export async function readServiceLoaders(root: string, services: readonly StackService[]): Promise<ServiceLoaders> {
  const loaders = await scanServiceLoaders(root, services);
  return { loaders, files: await readLoaderFiles(loaders) };
}

// Why: the env loaders in each service's code, by service name: a scan of its files, which a caller may keep while the code
// cannot have changed much (the engine, over a burst of service starts), unlike the env files they name.
// alsoCodeReads: the code-read scan comes next for the services without a schema (see scanEnvLoaders).
export async function scanServiceLoaders(root: string, services: readonly StackService[], alsoCodeReads = false): Promise<Record<string, EnvLoader[]>> {
  const scanned = await Promise.all(services.map((service) => scanEnvLoaders(join(root, serviceCodeDir(service)), join(root, service.cwd ?? '.'), undefined, alsoCodeReads && !service.schema)));
  return Object.fromEntries(services.map((service, index) => [service.name, scanned[index] ?? []]));
}

// Why: each env file the loaders name, read once and now: what it sets may have changed since the code was scanned.
export async function readLoaderFiles(loaders: Readonly<Record<string, EnvLoader[]>>): Promise<EnvFileReport[]> {
  const paths = [...new Set(Object.values(loaders).flat().flatMap((loader) => loader.files))];
  return Promise.all(paths.map(async (path): Promise<EnvFileReport> => ({ ...(await readEnvFile(path)), scope: 'service' })));
}
