import type { StackServiceSpec } from '../../../shared/stack/stack-file-schema.ts';
import type { ExitStatus } from '../process/spawn-service-process.ts';

export type RestartPolicy = StackServiceSpec['restart'];

export type RestartDecision = { restart: true; delayMs: number; attempt: number } | { restart: false; reason: string };

// Why: crash loops back off exponentially up to a cap and give up after maxRestarts; a stable run forgives the past.
export function decideRestart(policy: RestartPolicy, exit: ExitStatus, restartsSoFar: number): RestartDecision {
  const failed = exit.signal !== null || exit.code !== 0;
  if (policy.policy === 'never') return { restart: false, reason: 'the restart policy is "never"' };
  if (policy.policy === 'on-failure' && !failed) return { restart: false, reason: 'it exited cleanly (code 0) and the policy restarts on failure only' };
  if (restartsSoFar >= policy.maxRestarts) return { restart: false, reason: `it was restarted ${restartsSoFar} times (maxRestarts ${policy.maxRestarts}); start it again by hand` };
  const attempt = restartsSoFar + 1;
  return { restart: true, attempt, delayMs: Math.min(policy.maxDelayMs, Math.round(policy.initialDelayMs * policy.factor ** restartsSoFar)) };
}

// After running this long without a crash, the restart count starts again from zero.
export function restartsAfterStablePeriod(policy: RestartPolicy, restartsSoFar: number, ranForMs: number): number {
  return ranForMs >= policy.resetAfterSeconds * 1000 ? 0 : restartsSoFar;
}

// How an exit reads in a crash record.
export function describeExit(exit: ExitStatus): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}
