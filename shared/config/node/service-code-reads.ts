import { join } from 'node:path';
import type { StackService } from '../stack.ts';
import { scanCodeReads, type CodeRead } from './code-reads.ts';
import { serviceCodeDir } from './service-loaders.ts';

// A bound on each service's scan inside `check`: the files past it are not read (the scan is cached per file).
export const SERVICE_SCAN_MAX_FILES = 2_000;

// Why: a service without a schema still gets typo detection (`unknown-key`): the keys its own code reads stand in for
// the declarations it lacks. Services with a schema are not scanned (their schema says what they read), so a fully
// declared stack pays nothing. Each read's `file` is a full path, for messages to show as they show any path.
export async function readSchemalessCodeReads(root: string, services: readonly StackService[]): Promise<Record<string, CodeRead[]>> {
  const schemaless = services.filter((service) => !service.schema);
  const scanned = await Promise.all(schemaless.map(async (service) => {
    const dir = join(root, serviceCodeDir(service));
    const reads = await scanCodeReads(dir, { maxFiles: SERVICE_SCAN_MAX_FILES });
    return [service.name, reads.map((read) => ({ ...read, file: join(dir, read.file) }))] as const;
  }));
  return Object.fromEntries(scanned);
}
