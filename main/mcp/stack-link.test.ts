import { describe, expect, it } from 'vitest';
import type { Engine } from '../engine/core/engine.ts';
import type { UiRecord } from '../web/ui-discovery.ts';
import { createStackLink } from './stack-link.ts';

// An engine as far as the link reads it: whether any service runs, and its close.
function fakeEngine(running: boolean): Engine & { closes: number } {
  const engine = { runners: new Map([['api', { running }]]), closes: 0, close: async () => { engine.closes++; } };
  return engine as unknown as Engine & { closes: number };
}

const UI: UiRecord = { url: 'http://127.0.0.1:4000', token: 't'.repeat(43), pid: 1, root: '/stack', startedAt: '' };

describe('createStackLink', () => {
  it('starts its own engine once when no dashboard serves the stack, however many calls come at once', async () => {
    const engines: Engine[] = [];
    const link = createStackLink({ root: '/stack', stateDir: '/stack/.stackdeck', startOwnEngine: async () => { const engine = fakeEngine(false); engines.push(engine); return engine; }, findUi: async () => undefined });
    const answers = await Promise.all([link.engine(), link.engine(), link.engine()]);
    expect(engines).toHaveLength(1);
    expect(answers.every((answer) => answer.requester === engines[0] && answer.via === 'its own engine (no stackdeck ui serves this stack)')).toBe(true);
  });

  it('hands an idle engine over to a dashboard that appears, closing it once; keeps a busy one', async () => {
    const served: { ui?: UiRecord } = {};
    const idle = fakeEngine(false);
    const link = createStackLink({ root: '/stack', stateDir: '/s', startOwnEngine: async () => idle, findUi: async () => served.ui });
    expect((await link.engine()).requester).toBe(idle);
    served.ui = UI;
    const answers = await Promise.all([link.engine(), link.engine()]);
    expect(answers.map((answer) => answer.via)).toEqual([`the dashboard's engine (stackdeck ui at ${UI.url}, pid 1)`, `the dashboard's engine (stackdeck ui at ${UI.url}, pid 1)`]);
    expect(idle.closes).toBe(1);

    const busy = fakeEngine(true);
    let calls = 0;
    const kept = createStackLink({ root: '/stack', stateDir: '/s', startOwnEngine: async () => busy, findUi: async () => (calls++ === 0 ? undefined : UI) });
    await kept.engine();
    expect(await kept.engine()).toMatchObject({ requester: busy, via: expect.stringContaining('started before the stackdeck ui') });
    expect(busy.closes).toBe(0);
    await kept.close();
    expect(busy.closes).toBe(1);
  });

  it('tries again after a failed start (a stack file fixed since)', async () => {
    let attempts = 0;
    const engine = fakeEngine(false);
    const link = createStackLink({ root: '/stack', stateDir: '/s', findUi: async () => undefined, startOwnEngine: async () => {
      if (++attempts === 1) throw new Error('bad stack file');
      return engine;
    } });
    await expect(link.engine()).rejects.toThrow('bad stack file');
    expect((await link.engine()).requester).toBe(engine);
  });
});
