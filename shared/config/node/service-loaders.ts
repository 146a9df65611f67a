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

// The folder whose code is a service's own: its cwd, unless that is the stack root (shared by every service), then its env folder.
export function loaderScanDir(service: Pick<StackService, 'cwd' | 'envDir'>): string {
  return service.cwd !== undefined && service.cwd !== '.' && service.cwd !== '' ? service.cwd : service.envDir;
}

// Why: the validation rules and `stackdeck env` need each service's loaders and what their files set, read in one pass.
export async function readServiceLoaders(root: string, services: readonly StackService[]): Promise<ServiceLoaders> {
  const scanned = await Promise.all(services.map((service) => scanEnvLoaders(join(root, loaderScanDir(service)), join(root, service.cwd ?? '.'))));
  const loaders = Object.fromEntries(services.map((service, index) => [service.name, scanned[index] ?? []]));
  const paths = [...new Set(scanned.flat().flatMap((loader) => loader.files))];
  const files = await Promise.all(paths.map(async (path): Promise<EnvFileReport> => ({ ...(await readEnvFile(path)), scope: 'service' })));
  return { loaders, files };
}
