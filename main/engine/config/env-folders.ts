import { join, resolve } from 'node:path';
import type { StackService } from '../../../shared/config/stack.ts';

export interface EnvFolderOptions {
  root: string;
  envDir?: string;
  services: readonly StackService[];
}

export interface EnvFolders {
  // Where the stack-wide env files live: the stack root, or --env-dir.
  stack: string;
  // Each service's own env folder, in service order.
  services: { service: string; dir: string }[];
}

// Why: the watcher must look exactly where inspectStack reads, so the rule lives next to it in one place.
export function envFolders(options: EnvFolderOptions): EnvFolders {
  const stack = resolve(options.envDir ?? options.root);
  return {
    stack,
    services: options.services.map((service) => ({
      service: service.name,
      dir: resolve(options.envDir ? join(options.envDir, service.name) : join(options.root, service.envDir)),
    })),
  };
}

// Why: a service may keep its env files at the stack root (envDir '.'); each folder is watched once.
export function envFolderList(folders: EnvFolders): string[] {
  return [...new Set([folders.stack, ...folders.services.map((entry) => entry.dir)])];
}
