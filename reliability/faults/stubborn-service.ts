import { pollUntil } from '../support/bounded-poll.ts';
import { startEngineWithWeb } from '../support/engine-with-web.ts';
import { isAlive } from '../support/proc.ts';
import { systemNotes } from '../support/system-notes.ts';
import { fixturePath } from '../support/fixture-path.ts';

const GRACE_SECONDS = 1;

export interface StubbornFigures {
  graceSeconds: number;
  stopTookMs: number;
  stillAlive: boolean;
  state: string;
  notes: string[];
}

// Why: a service stuck in its shutdown must not hang "Stop all": the grace period ends in SIGKILL, and the user is told so.
export async function stopStubbornService(): Promise<StubbornFigures> {
  const stack = await startEngineWithWeb({
    'stackdeck.json': JSON.stringify({ services: { stubborn: { command: ['node', fixturePath('stubborn.mjs')], envDir: 'stubborn', port: { variable: 'PORT' }, readiness: { log: 'listening' }, stopGraceSeconds: GRACE_SECONDS } } }),
  });
  try {
    await stack.engine.command({ type: 'start' });
    const runner = stack.engine.runners.get('stubborn');
    if (!runner || !(await pollUntil(() => runner.state === 'ready', 15_000))) throw new Error('the stubborn service did not start');
    const pid = runner.pid ?? 0;
    const started = performance.now();
    await stack.request({ kind: 'command', body: { type: 'stop' } });
    const stopTookMs = Math.round(performance.now() - started);
    return { graceSeconds: GRACE_SECONDS, stopTookMs, stillAlive: isAlive(pid), state: runner.state, notes: await systemNotes(stack, 'stubborn') };
  } finally {
    await stack.close();
  }
}
