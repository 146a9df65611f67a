import { e2eStackFiles } from '../../e2e/support/stackdeck-ui.ts';
import type { AgentRunsView } from '../../shared/api/agent-runs-view.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { probeApi, startEngineWithWeb, type EngineWithWeb } from '../support/engine-with-web.ts';

export interface BackendKilledFigures {
  runsBeforeKill: number;
  // Once the backend is gone: active runs shown as known (stale green) at any moment (goal 0), and the message shown.
  staleGreenViews: number;
  messageWhileDown: string;
  msUntilUnknown: number;
  msUntilBackendReady: number;
  msUntilReconnected: number;
  // After the new backend is watched: runs started before the kill still listed (goal: all), and how they read.
  runsBeforeKillStillListed: number;
  // The runs the killed backend held: INTERRUPTED, with the cause in words.
  lostRunsState: string;
  lostRunsSay: string;
  newRunCompleted: boolean;
  api: { requests: number; failures: number; slowestMs: number; p99Ms: number };
}

const isActive = (state: string) => !['COMPLETED', 'FAILED', 'DEAD', 'TIMED_OUT'].includes(state);

// Why: QA watches agent runs through the launcher; when the backend dies under them the runs must read "unknown" at
// once (never stale green), and when it comes back nothing QA started may silently vanish from the table.
export async function killBackendWhileWatched(): Promise<BackendKilledFigures> {
  const stack = await startEngineWithWeb(e2eStackFiles(), { agentMonitor: true });
  try {
    await stack.engine.command({ type: 'start' });
    const backend = stack.engine.runners.get('backend');
    if (!backend || !(await pollUntil(() => backend.state === 'ready', 60_000))) throw new Error(`backend not ready: ${backend?.message}`);
    await pollUntil(async () => (await view(stack)).status === 'connected', 20_000);
    const started: string[] = [];
    for (const scenario of ['slow', 'slow', 'hang', 'normal'] as const) {
      const answer = await stack.request({ kind: 'command', body: { type: 'startAgentRun', agent_name: `qa-${scenario}`, scenario, count: 1 } });
      started.push(...((answer.body as { result?: { runIds?: string[] } }).result?.runIds ?? []));
    }
    await pollUntil(async () => (await view(stack)).runs.filter((run) => started.includes(run.run_id) && run.heartbeats > 0).length >= 3, 20_000);
    const api = probeApi(stack);

    const killedAt = Date.now();
    process.kill(backend.pid ?? 0, 'SIGKILL');
    let staleGreenViews = 0;
    let messageWhileDown = '';
    let msUntilUnknown = -1;
    let msUntilBackendReady = -1;
    let msUntilReconnected = -1;
    // Watch every view until the monitor is connected to the new backend, bounded.
    while (Date.now() - killedAt < 60_000 && msUntilReconnected < 0) {
      const current = await view(stack);
      const down = current.status !== 'connected' || backend.state !== 'ready';
      if (down && current.status !== 'connected') {
        staleGreenViews += current.runs.some((run) => run.known && isActive(run.state)) ? 1 : 0;
        messageWhileDown ||= current.message ?? '';
        if (msUntilUnknown < 0 && current.runs.some((run) => !run.known)) msUntilUnknown = Date.now() - killedAt;
      }
      if (msUntilBackendReady < 0 && backend.state === 'ready' && Date.now() - killedAt > 50) msUntilBackendReady = Date.now() - killedAt;
      if (msUntilBackendReady >= 0 && current.status === 'connected') msUntilReconnected = Date.now() - killedAt;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = await view(stack);
    const survivors = after.runs.filter((run) => started.includes(run.run_id));
    const [fresh] = ((await stack.request({ kind: 'command', body: { type: 'startAgentRun', agent_name: 'qa-after', scenario: 'normal', count: 1 } })).body as { result?: { runIds?: string[] } }).result?.runIds ?? [];
    const newRunCompleted = Boolean(await pollUntil(async () => (await view(stack)).runs.find((run) => run.run_id === fresh)?.state === 'COMPLETED', 20_000));
    return {
      runsBeforeKill: started.length,
      staleGreenViews,
      messageWhileDown,
      msUntilUnknown,
      msUntilBackendReady,
      msUntilReconnected,
      runsBeforeKillStillListed: survivors.length,
      lostRunsState: survivors.find((run) => run.state === 'INTERRUPTED')?.state ?? '',
      lostRunsSay: survivors.find((run) => run.state === 'INTERRUPTED')?.cause ?? '',
      newRunCompleted,
      api: await api.stop(),
    };
  } finally {
    await stack.close();
  }
}

async function view(stack: EngineWithWeb): Promise<AgentRunsView> {
  const answer = await stack.request({ kind: 'query', body: { type: 'agentRuns' } });
  return (answer.body as { result: AgentRunsView }).result;
}
