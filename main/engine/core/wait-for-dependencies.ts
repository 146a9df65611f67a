import { dependencyMet, type ServiceState } from '../../../shared/api/service-status.ts';

// What a wait needs of a service: its state, and a call on every change of it (no polling).
export interface Waitable {
  readonly name: string;
  readonly state: ServiceState;
  readonly pid: number | null;
  readonly message: string | null;
  onStateChange(listener: () => void): () => void;
}

export type DependencyCondition = 'started' | 'healthy';
export type DependencyOutcome = { outcome: 'met' } | { outcome: 'failed'; problem: string } | { outcome: 'cancelled' };

// Why: a wait that blocks on a service's state and ends on the change that decides it, or when its signal aborts.
export function waitForState<T>(subject: Waitable, decide: () => T | undefined, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const first = decide();
    if (first !== undefined) return resolve(first);
    const finish = () => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal.reason);
    };
    const unsubscribe = subject.onStateChange(() => {
      const decided = decide();
      if (decided === undefined) return;
      finish();
      resolve(decided);
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// A dependency that will not meet its condition without someone acting: crashed, stopped, or unhealthy when 'healthy' is needed.
function failure(condition: DependencyCondition, other: Waitable): string | undefined {
  const failed = other.state === 'crashed' || other.state === 'stopped' || (condition === 'healthy' && other.state === 'unhealthy');
  return failed ? `${other.name} is ${other.state}${other.message ? ` (${other.message})` : ''}` : undefined;
}

// Why: dependents start once every dependency meets its condition; the first failure ends the wait, and so does the
// signal (the waiting service was stopped), so a stopped service never starts behind the user's back.
export async function waitForDependencies(dependencies: readonly { service: Waitable; condition: DependencyCondition }[], signal: AbortSignal): Promise<DependencyOutcome> {
  const local = new AbortController();
  const onAbort = () => local.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) local.abort(signal.reason);
  try {
    const problem = await new Promise<string | null>((resolve, reject) => {
      let remaining = dependencies.length;
      if (remaining === 0) resolve(null);
      for (const { service, condition } of dependencies) {
        waitForState(service, () => (dependencyMet(condition, service) ? { problem: null } : failure(condition, service) === undefined ? undefined : { problem: failure(condition, service) ?? '' }), local.signal)
          .then(({ problem: found }) => {
            if (found) resolve(found);
            else if (--remaining === 0) resolve(null);
          }, reject);
      }
    });
    return problem === null ? { outcome: 'met' } : { outcome: 'failed', problem };
  } catch (error) {
    if (signal.aborted) return { outcome: 'cancelled' };
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // The waits still open (another dependency failed first) let go of their listeners.
    local.abort(new Error('the wait is over'));
  }
}
