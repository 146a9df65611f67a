import { join } from 'node:path';
import type { Profile } from '../profile.ts';
import type { EnvFileReport } from '../rules/context.ts';
import { ignoredEnvFileNames } from '../stack.ts';
import { readEnvFile } from './read-env-file.ts';

// The development files the profile skips, read only to name the one that would have supplied a missing value.
export async function readIgnoredFiles(profile: Profile, stackDir: string, serviceDirs: readonly { service: string; dir: string }[]): Promise<EnvFileReport[]> {
  const names = ignoredEnvFileNames(profile);
  if (names.length === 0) return [];
  const serviceFiles = serviceDirs.flatMap(({ service, dir }) => names.map(async (name) => ({ ...(await readEnvFile(join(dir, name))), scope: 'service' as const, service })));
  const stackFiles = names.map(async (name) => ({ ...(await readEnvFile(join(stackDir, name))), scope: 'stack' as const }));
  return Promise.all([...serviceFiles, ...stackFiles]);
}
