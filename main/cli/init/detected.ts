import { posix } from 'node:path';
import type { z } from 'zod';
import type { StackServiceSpecSchema } from '../../../shared/stack/stack-file-schema.ts';

// What one detector learnt about a service, before the assembly merges detectors and adds variables.
type ServiceSpecInput = z.input<typeof StackServiceSpecSchema>;
export type EnvDialect = NonNullable<ServiceSpecInput['envDialect']>;

export interface DetectedService {
  name: string;
  // Where it was found, for the summary: 'Procfile (web)', 'docker-compose.yml (api)', 'apps/web/package.json'.
  from: string;
  // Undefined: a compose service built from a folder; another detector may find its program there.
  command?: string[];
  cwd: string;
  envDir: string;
  port?: NonNullable<ServiceSpecInput['port']>;
  dependsOn: Record<string, 'started' | 'healthy'>;
  readiness?: { http: string };
  healthCheck?: { http: string; intervalSeconds?: number };
  envDialect?: EnvDialect;
  // Env files the source names (compose env_file), relative to the root.
  envFiles: string[];
  // Values the source itself sets (compose environment), undefined where it only passes the name through.
  environment: Record<string, string | undefined>;
  // One line per thing guessed rather than read, for the summary.
  notes: string[];
}

export interface SkippedService {
  name: string;
  from: string;
  reason: string;
}

export interface Detection {
  services: DetectedService[];
  skipped: SkippedService[];
}

export const NOTHING_DETECTED: Detection = { services: [], skipped: [] };

// Why: a stack file accepts lower-case letters, digits and dashes; folder and process names are often not that.
export function serviceNameFrom(raw: string): string {
  const name = raw.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return name === '' ? 'app' : name;
}

// A command line as arguments: split on spaces when plain, else run by sh so that quotes, $VARS and pipes keep their meaning.
// References to `substituted` variables (those Stackdeck itself sets, such as PORT) need no shell: Stackdeck replaces
// `${PORT}` in an argument, and without a shell between, the program is the service's own process (signals reach it,
// its exit status and listening ports are its own).
export function commandFromLine(line: string, substituted: readonly string[] = []): string[] {
  const trimmed = line.trim();
  const shell = /^(sh|bash)\s+-c\s+(["'])(.*)\2$/s.exec(trimmed);
  if (shell?.[1] && shell[3] !== undefined) return [shell[1], '-c', shell[3]];
  const reference = substituted.length === 0 ? undefined : new RegExp(`\\$(?:\\{(${substituted.join('|')})\\}|(${substituted.join('|')})(?!\\w))`, 'g');
  const plain = reference ? trimmed.replace(reference, '') : trimmed;
  if (/[$|&;<>*?`'"()\\]/.test(plain)) return ['sh', '-c', trimmed];
  const args = trimmed.split(/\s+/);
  return reference ? args.map((arg) => arg.replace(reference, (_match, braced: string | undefined, bare: string | undefined) => `\${${braced ?? bare ?? ''}}`)) : args;
}

// Posix paths relative to the root, '.' for the root itself.
export function relativeDir(path: string): string {
  const normal = posix.normalize(path.replaceAll('\\', '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}
