import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { profileNamed, type Profile } from '../../shared/config/profile.ts';
import type { InspectStackOptions } from '../../shared/config/node/inspect-stack.ts';
import { stackFactsOf } from '../engine/stack/config-services.ts';
import { MissingStackFileError, STACK_FILE, loadStackFile } from '../engine/stack/load-stack-file.ts';
import type { CommonFlags } from './flags.ts';
import { UsageError, type CliIo } from './io.ts';

// The profile: --profile, else ENVIRONMENT from the launcher's environment, else development.
export function chooseProfile(flags: Pick<CommonFlags, 'profile'>, env: CliIo['env']): Profile {
  if (flags.profile) return flags.profile;
  const fromEnv = env.ENVIRONMENT;
  if (fromEnv === undefined || fromEnv === '') return 'development';
  const profile = profileNamed(fromEnv);
  if (!profile) throw new UsageError(`ENVIRONMENT is '${fromEnv}', which is not a profile (development, test, staging, production)`);
  return profile;
}

// Paths read as a compiler prints them: relative to where the user stands, when below it.
export function displayPathFrom(cwd: string): (path: string) => string {
  return (path) => {
    const rel = relative(cwd, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
}

// Why: the stack's state folder (fallbacks, logs, the ui.json by which mcp finds a ui): ui and mcp must agree on it.
export function stateDirOf(root: string, io: Pick<CliIo, 'cwd' | 'env'>): string {
  return io.env.STACKDECK_STATE_DIR ? resolve(io.cwd, io.env.STACKDECK_STATE_DIR) : join(root, '.stackdeck');
}

export function stackOptions(flags: Pick<CommonFlags, 'profile' | 'root' | 'env-dir'>, io: CliIo): Omit<InspectStackOptions, 'services'> {
  const root = resolve(io.cwd, flags.root ?? '.');
  return {
    root,
    envDir: flags['env-dir'] ? resolve(io.cwd, flags['env-dir']) : undefined,
    profile: chooseProfile(flags, io.env),
    osEnv: io.env,
    stateDir: io.env.STACKDECK_STATE_DIR ? resolve(io.cwd, io.env.STACKDECK_STATE_DIR) : undefined,
    displayPath: displayPathFrom(io.cwd),
  };
}

// The stack to inspect: the services of its stackdeck.json (what `up` runs), with their variables schemas; none there is
// a usage error naming `init`.
export async function inspectedStackOptions(flags: Pick<CommonFlags, 'profile' | 'root' | 'env-dir'>, io: CliIo): Promise<InspectStackOptions> {
  const options = stackOptions(flags, io);
  const { stack, services } = await loadStackForCli(options.root);
  return { ...options, services, stack: stackFactsOf(stack) };
}

// Why: `check`, `env`, `audit`, `up` and `ui` all refuse a missing or broken stack file the same way: exit 2, one message.
export async function loadStackForCli(root: string): Promise<Awaited<ReturnType<typeof loadStackFile>>> {
  // A missing or bad stack file throws StackFileError, which runCli reports as every command does (exit 2).
  return loadStackFile(root);
}

// Why: `up` and `ui` hand the root to the engine, which loads the file itself; this says first what is missing.
export function requireStackFile(root: string): void {
  if (!existsSync(join(root, STACK_FILE))) throw new MissingStackFileError(root);
}
