import { node } from '../../main/engine/testing/test-stack.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { probeApi, startEngineWithWeb } from '../support/engine-with-web.ts';

const POLICY = { policy: 'on-failure', maxRestarts: 4, initialDelayMs: 200, factor: 2, maxDelayMs: 600, resetAfterSeconds: 60 } as const;

export interface CrashLoopFigures {
  // The policy's delays before each restart, and the delays observed (from the exit to the next start).
  expectedDelaysMs: number[];
  observedDelaysMs: number[];
  restarts: number;
  maxRestarts: number;
  finalState: string;
  finalMessage: string;
  crashRecordsKept: number;
  // The steady service over the whole loop: restarts, pid changes and health checks that failed (goal 0 each).
  steadyRestarts: number;
  steadyPidChanged: boolean;
  steadyHealthFailures: number;
  steadyHealthChecks: number;
  api: { requests: number; failures: number; slowestMs: number; p99Ms: number };
}

// Why: a crash-looping service must back off as its policy says, stop at the cap with a reason, and not cost the
// other service or the dashboard anything; the loop runs for real while both are watched.
export async function crashLoop(): Promise<CrashLoopFigures> {
  const stack = await startEngineWithWeb({
    'stackdeck.json': JSON.stringify({
      services: {
        steady: { command: node('http-service.mjs'), envDir: 'steady', port: { variable: 'PORT' }, readiness: { http: '/health' } },
        crasher: { command: node('crash.mjs'), envDir: 'crasher', restart: POLICY },
      },
    }),
  });
  try {
    await stack.engine.command({ type: 'start', service: 'steady' });
    const steady = stack.engine.runners.get('steady');
    const crasher = stack.engine.runners.get('crasher');
    if (!steady || !crasher) throw new Error('the stack lacks its services');
    if (!(await pollUntil(() => steady.state === 'ready', 15_000))) throw new Error(`steady not ready: ${steady.message}`);
    const steadyPid = steady.pid;
    const steadyUrl = `${steady.url}/health`;
    const api = probeApi(stack);
    let steadyHealthChecks = 0;
    let steadyHealthFailures = 0;
    let watching = true;
    const health = (async () => {
      while (watching) {
        steadyHealthChecks++;
        const ok = await fetch(steadyUrl, { signal: AbortSignal.timeout(5_000) }).then((response) => response.ok, () => false);
        if (!ok) steadyHealthFailures++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const loopStarted = stack.events.length;
    await stack.engine.command({ type: 'start', service: 'crasher' });
    const gaveUp = await pollUntil(() => crasher.state === 'crashed', 30_000);
    watching = false;
    await health;
    const apiFigures = await api.stop();
    if (!gaveUp) throw new Error(`the crash loop did not end at its cap: ${crasher.state} ${crasher.message}`);

    // Observed delay: from the 'restarting' state (the exit) to the next 'starting'.
    const crasherStates = stack.events.slice(loopStarted)
      .flatMap(({ at, event }) => (event.type === 'serviceState' && event.status.name === 'crasher' ? [{ at, state: event.status.state }] : []));
    const observedDelaysMs: number[] = [];
    let exitAt: number | undefined;
    for (const { at, state } of crasherStates) {
      if (state === 'restarting' && exitAt === undefined) exitAt = at;
      if (state === 'starting' && exitAt !== undefined) {
        observedDelaysMs.push(at - exitAt);
        exitAt = undefined;
      }
    }
    const crashes = await stack.request({ kind: 'query', body: { type: 'crashRecords', service: 'crasher' } });
    return {
      expectedDelaysMs: Array.from({ length: POLICY.maxRestarts }, (_, attempt) => Math.min(POLICY.maxDelayMs, POLICY.initialDelayMs * POLICY.factor ** attempt)),
      observedDelaysMs,
      restarts: crasher.restarts,
      maxRestarts: POLICY.maxRestarts,
      finalState: crasher.state,
      finalMessage: crasher.message ?? '',
      crashRecordsKept: Array.isArray((crashes.body as { result?: unknown }).result) ? ((crashes.body as { result: unknown[] }).result).length : -1,
      steadyRestarts: steady.restarts,
      steadyPidChanged: steady.pid !== steadyPid,
      steadyHealthFailures,
      steadyHealthChecks,
      api: apiFigures,
    };
  } finally {
    await stack.close();
  }
}
