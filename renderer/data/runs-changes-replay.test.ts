import { describe, expect, it } from 'vitest';
import type { AgentRunsChanges, AgentRunsView, AgentRunView } from '../../shared/api/agent-runs-view.ts';
import { createNoticeStore } from '../notices/notice-store.ts';
import { demoRuns } from '../testing/fixtures.ts';
import { createQueryClient } from './create-query-client.ts';
import { fetchRunsWithReplay, recordRunsChanges } from './runs-changes-replay.ts';

const NOW = Date.parse('2025-01-01T00:01:00Z');
const [running, unresponsive] = demoRuns(NOW) as [AgentRunView, AgentRunView];
const changes = (runs: AgentRunView[], removed: string[] = []): AgentRunsChanges => ({ status: 'connected', message: null, runs, removed });

// An answer the test hands over when it chooses, as a slow connection would.
function deferredView() {
  let answer: (view: AgentRunsView) => void = () => undefined;
  const promise = new Promise<AgentRunsView>((resolve) => { answer = resolve; });
  return { fetch: () => promise, answer };
}

describe('fetchRunsWithReplay: changes that overtake a runs query are applied onto its answer', () => {
  it('applies, in order, the changes received while the query was in flight', async () => {
    const client = createQueryClient(createNoticeStore(), { retry: false });
    const slow = deferredView();
    const fetched = fetchRunsWithReplay(client, slow.fetch);
    recordRunsChanges(client, changes([{ ...running, heartbeats: 20 }]));
    recordRunsChanges(client, changes([{ ...running, heartbeats: 21 }], [unresponsive.run_id]));
    slow.answer({ status: 'connected', message: null, runs: [running, unresponsive] });
    const view = await fetched;
    expect(view.runs.map((run) => [run.run_id, run.heartbeats])).toEqual([[running.run_id, 21]]);
  });

  it('keeps nothing while no query is in flight, and nothing received before a query was sent is replayed onto it', async () => {
    const client = createQueryClient(createNoticeStore(), { retry: false });
    recordRunsChanges(client, changes([{ ...running, heartbeats: 1 }]));
    const answered: AgentRunsView = { status: 'connected', message: null, runs: [running] };
    expect(await fetchRunsWithReplay(client, async () => answered)).toEqual(answered);
  });

  it('gives each of two overlapping queries the changes received after it was sent', async () => {
    const client = createQueryClient(createNoticeStore(), { retry: false });
    const first = deferredView();
    const second = deferredView();
    const firstFetched = fetchRunsWithReplay(client, first.fetch);
    recordRunsChanges(client, changes([{ ...running, heartbeats: 30 }]));
    const secondFetched = fetchRunsWithReplay(client, second.fetch);
    recordRunsChanges(client, changes([{ ...unresponsive, state: 'DEAD' }]));
    first.answer({ status: 'connected', message: null, runs: [running, unresponsive] });
    second.answer({ status: 'connected', message: null, runs: [{ ...running, heartbeats: 30 }, unresponsive] });
    expect((await firstFetched).runs.map((run) => [run.heartbeats, run.state])).toEqual([[30, 'RUNNING'], [9, 'DEAD']]);
    expect((await secondFetched).runs.map((run) => [run.heartbeats, run.state])).toEqual([[30, 'RUNNING'], [9, 'DEAD']]);
    // Both answered: the kept changes are let go, so a later query starts clean.
    expect(await fetchRunsWithReplay(client, async () => ({ status: 'connected', message: null, runs: [running] }))).toMatchObject({ runs: [running] });
  });
});
