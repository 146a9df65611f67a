import type { EnvLoader } from '../env-loaders/env-loader.ts';
import type { StackService } from '../stack.ts';
import type { CodeRead } from './code-reads.ts';
import { readSchemalessCodeReads } from './service-code-reads.ts';
import { scanServiceLoaders } from './service-loaders.ts';

// What the services' own code says about their environment, by service name: the env loaders it calls, and for a service
// without a schema the keys it reads.
export interface StackCodeScans {
  loaders: Record<string, EnvLoader[]>;
  codeReads: Record<string, CodeRead[]>;
}

// Why: one pass over the services' code for an inspection, which a caller may also keep for the next ones (see
// InspectStackOptions.codeScans): on a service of thousands of files it is most of an inspection's time.
export async function scanStackCode(root: string, services: readonly StackService[]): Promise<StackCodeScans> {
  // One after the other: the loader scan leaves what a schema-less service's files read, so the code-read scan of that
  // service reads again only the files the first did not (both are synchronous reads, nothing gained by overlapping them).
  const loaders = await scanServiceLoaders(root, services, true);
  const codeReads = await readSchemalessCodeReads(root, services);
  return { loaders, codeReads };
}
