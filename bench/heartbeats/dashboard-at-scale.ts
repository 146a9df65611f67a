// The dashboard with thousands of runs in its table (virtualised): how long its frames are while QA scrolls, and how
// soon a filter shows, in Debian's Chromium against the real launcher (`stackdeck ui`) and services.
import { launchChromium } from '../../e2e/support/chromium.ts';
import type { Page } from 'playwright-core';
import { e2eStackFiles, startUi } from '../../e2e/support/stackdeck-ui.ts';
import { recordInputLatency } from '../support/input-latency.ts';

const EXECUTION_S = 45;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))] ?? NaN;

// Why: 10,000 rows must scroll and filter without the page stalling, both while they beat (5,000 beats a second reach
// the launcher) and once they have ended; measured in the page, frame by frame.
export async function measureDashboard(runs: number): Promise<void> {
  const files = e2eStackFiles();
  // The product's timings; runs that beat for EXECUTION_S and then time out, so the table is measured live, then still.
  files['services/backend/.env'] = `AGENT_HEARTBEAT_INTERVAL=2\nAGENT_HEARTBEAT_TIMEOUT=10\nAGENT_EXECUTION_TIMEOUT=${EXECUTION_S}\nMAX_CONCURRENT_AGENTS=${runs}\nEXECUTION_CLEANUP_INTERVAL=3600\nLOG_LEVEL=warn\n`;
  const ui = await startUi(files);
  const browser = await launchChromium();
  const url = new URL(ui.url);
  const request = async (kind: 'command' | 'query', body: unknown) => {
    const response = await fetch(new URL('/api/request', url.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'bench', kind, body }),
    });
    const answer = await response.json() as { ok: boolean; result?: unknown; error?: { message: string } };
    if (!answer.ok) throw new Error(answer.error?.message ?? 'refused');
    return answer.result;
  };
  const runsView = async () => (await request('query', { type: 'agentRuns' })) as { status: string; runs: { state: string; ended_at: string | null }[] };
  try {
    await request('command', { type: 'start' });
    const connectedBy = Date.now() + 60_000;
    while ((await runsView()).status !== 'connected') {
      if (Date.now() > connectedBy) throw new Error('the agent monitor did not connect within 60 s');
      await sleep(250);
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(ui.url);
    await page.getByRole('tab', { name: 'Agents' }).click({ timeout: 30_000 });

    // The page is open while the runs start, as QA's would be: every start, beat and view reaches it.
    const startedAt = performance.now();
    let started = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (started < runs) {
        const count = Math.min(50, runs - started);
        started += count;
        await request('command', { type: 'startAgentRun', agent_name: 'scale-ui', scenario: 'slow', count });
      }
    }));
    await page.getByRole('table', { name: 'Agent runs' }).waitFor({ timeout: 60_000 });
    const beating = (await runsView()).runs.filter((run) => run.state === 'RUNNING').length;
    console.log(`  dashboard (Debian Chromium, --disable-gpu), open while ${runs} 'slow' runs started (${((performance.now() - startedAt) / 1_000).toFixed(1)} s)`);
    await measureTable(page, `${beating} runs beating every 2 s`, 'RUNNING');

    const quietBy = Date.now() + (EXECUTION_S + 60) * 1_000;
    for (;;) {
      const view = await runsView();
      const ended = view.runs.filter((run) => run.ended_at !== null).length;
      if (ended >= runs) break;
      if (Date.now() > quietBy) {
        console.log(`  (dashboard: ${ended} of ${view.runs.length} runs had ended; measuring with the table as it is)`);
        break;
      }
      await sleep(500);
    }
    await sleep(1_000);
    await measureTable(page, `${runs} runs ended (timed out)`, 'TIMED_OUT');
  } finally {
    await browser.close();
    await ui.stop();
  }
}

// Scrolling (120 frames, 300 px each; the gaps between frames say whether the page kept up) and filtering by state
// (from the change event to the frame after the table re-rendered).
async function measureTable(page: Page, what: string, state: string): Promise<void> {
  const table = page.getByRole('table', { name: 'Agent runs' });
  const rows = Number(await table.getAttribute('aria-rowcount')) - 1;
  const rendered = await page.locator('table.runs tbody tr.run').count();
  const frames = await page.evaluate(async () => {
    const scroller = document.querySelector('.runs-scroller');
    if (!scroller) throw new Error('the runs table is not windowed');
    scroller.scrollTop = 0;
    const gaps: number[] = [];
    let last = performance.now();
    for (let frame = 0; frame < 120; frame++) {
      scroller.scrollTop += 300;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return gaps;
  });
  const latencies = await recordInputLatency(page, 'change');
  const filter = page.getByRole('combobox', { name: 'Filter runs by state' });
  for (let i = 0; i < 10; i++) {
    await filter.selectOption(i % 2 === 0 ? state : 'all');
    await page.waitForTimeout(100);
  }
  const filtering = await latencies();
  console.log(`    ${what}: ${rows} rows, ${rendered} in the DOM`);
  console.log(`      scrolling (120 frames, 300 px each)    frame p50 ${percentile(frames, 0.5).toFixed(1)} ms   p95 ${percentile(frames, 0.95).toFixed(1)} ms   longest ${Math.max(...frames).toFixed(1)} ms`);
  console.log(`      filter by state, change -> next frame  p50 ${percentile(filtering, 0.5).toFixed(1)} ms   max ${Math.max(...filtering).toFixed(1)} ms   (${filtering.length} changes; goal < 100 ms)`);
}
