import { existsSync } from 'node:fs';
import type { ExitStatus } from '../process/spawn-service-process.ts';

// What the OS said when the program could not be run at all.
export interface SpawnFailure {
  program: string;
  // ENOENT, EACCES... (undefined when the keeper did not say).
  code: string | undefined;
  path: string | undefined;
  cwd: string;
}

const QUICK_EXIT_MS = 1_000;

// Why: "not found" or "not allowed" is fixed by the user, not by a restart: one message naming the program, the PATH
// searched and the working directory, instead of five restarts with back-off.
export function describeSpawnFailure(failure: SpawnFailure): string {
  const where = `working directory ${failure.cwd}`;
  if (!existsSync(failure.cwd)) return `could not start ${failure.program}: its working directory ${failure.cwd} does not exist`;
  const searched = failure.program.includes('/') || failure.program.includes('\\') ? 'a path, so PATH was not searched' : `PATH searched: ${failure.path || '(empty)'}`;
  if (failure.code === 'ENOENT') return `could not start ${failure.program}: no such program (ENOENT); ${searched}; ${where}`;
  if (failure.code === 'EACCES') return `could not start ${failure.program}: permission denied (EACCES: not executable, or a folder); ${searched}; ${where}`;
  return `could not start ${failure.program}${failure.code ? ` (${failure.code})` : ''}; ${searched}; ${where}`;
}

// Why: a shell (or env, npx...) reports a missing program as exit 127 and an unrunnable one as 126; right after
// start that is "could not start", not a crash worth retrying.
export function quickExitMeansNotStarted(exit: ExitStatus, ranForMs: number): string | undefined {
  if (ranForMs > QUICK_EXIT_MS || exit.signal !== null) return undefined;
  if (exit.code === 127) return `exited with code 127 within ${ranForMs} ms of starting: a program it runs was not found`;
  if (exit.code === 126) return `exited with code 126 within ${ranForMs} ms of starting: a program it runs could not be executed`;
  return undefined;
}
