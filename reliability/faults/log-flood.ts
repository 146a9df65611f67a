import { WebSocket } from 'ws';
import { rssMiB } from '../../bench/logs/sample-rss.ts';
import { startUi } from '../../e2e/support/stackdeck-ui.ts';
import { EngineEventSchema } from '../../shared/api/engine-contract.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { fixturePath } from '../support/fixture-path.ts';

const TICK_MS = 100;
// Within the test's own timeout (180 s), so that a flood that does not finish is reported with what the launcher shows.
const FLOOD_DEADLINE_MS = 150_000;

export interface FloodFigures {
  floodBytes: number;
  floodSeconds: number;
  launcherRssMiBBefore: number;
  launcherRssMiBPeak: number;
  launcherRssMiBAfter: number;
  // The peak in each quarter of the flood's duration: flat quarters mean bounded, rising ones a leak.
  launcherRssMiBPeakByQuarter: number[];
  // The ticker's lines over the flood: printed, delivered live over the WebSocket, reported skipped, and the longest
  // wait between two delivered ones (ticks come every 100 ms).
  tickerPrinted: number;
  tickerDelivered: number;
  tickerSkipped: number;
  tickerLongestGapMs: number;
  // The ticker's own backlog after the flood still holds its recent lines, in order (goal: true).
  tickerBacklogIntact: boolean;
  apiSlowestMs: number;
}

// Why: a service printing garbage, endless lines and a gigabyte must cost the launcher bounded memory and must not
// silence the other service: the real launcher (`stackdeck ui`) runs both while a dashboard client listens.
export async function floodLauncher(totalBytes: number): Promise<FloodFigures> {
  const service = (script: string, env: string) => ({ command: ['node', fixturePath(script)], envDir: env });
  const ui = await startUi({
    'stackdeck.json': JSON.stringify({ services: { flooder: service('flood-mixed.mjs', 'flooder'), ticker: service('ticker.mjs', 'ticker') } }),
    'flooder/.env': `FLOOD_TOTAL_BYTES=${totalBytes}\n`,
    'ticker/.env': `TICK_MS=${TICK_MS}\n`,
  });
  const { port, token } = parseUrl(ui.url);
  const request = async (body: object) => {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/request`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: '1', ...body }), signal: AbortSignal.timeout(20_000),
    });
    return { body: (await response.json()) as { ok: boolean; result?: unknown }, ms: performance.now() - started };
  };
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${token}`);
  socket.on('error', () => {});
  const ticks: { at: number; seq: number }[] = [];
  let tickerSkipped = 0;
  socket.on('message', (data) => {
    const event = EngineEventSchema.safeParse(JSON.parse(String(data)));
    if (!event.success || event.data.type !== 'log' || event.data.chunk.service !== 'ticker') return;
    tickerSkipped += event.data.chunk.skipped;
    for (const line of event.data.chunk.lines) {
      const tick = /^tick (\d+)$/.exec(line.text);
      if (tick) ticks.push({ at: Date.now(), seq: Number(tick[1]) });
    }
  });
  try {
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const pid = ui.child.pid ?? 0;
    const before = rssMiB(pid) ?? 0;
    const samples: { at: number; mib: number }[] = [];
    const sampler = setInterval(() => {
      const mib = rssMiB(pid);
      if (mib !== null) samples.push({ at: Date.now(), mib });
    }, 100);
    await request({ kind: 'command', body: { type: 'start' } });
    const startedAt = Date.now();
    let apiSlowestMs = 0;
    const finished = await waitForFloodDone(request, (ms) => { apiSlowestMs = Math.max(apiSlowestMs, ms); }, FLOOD_DEADLINE_MS);
    const endedAt = Date.now();
    const floodSeconds = (endedAt - startedAt) / 1000;
    if (!finished) throw new Error(`the flood did not finish within ${FLOOD_DEADLINE_MS / 1000} s: ${await describeFlooder(request)}`);
    // A few more ticks after the flood, then the ticker's own backlog.
    const lastSeq = ticks.at(-1)?.seq ?? 0;
    await pollUntil(() => (ticks.at(-1)?.seq ?? 0) >= lastSeq + 5, 10_000);
    clearInterval(sampler);
    const quarter = (endedAt - startedAt) / 4;
    const peakByQuarter = [0, 1, 2, 3].map((index) => Math.round(Math.max(0, ...samples
      .filter((sample) => sample.at >= startedAt + index * quarter && sample.at <= startedAt + (index + 1) * quarter).map((sample) => sample.mib))));
    const backlog = await request({ kind: 'query', body: { type: 'logBacklog', service: 'ticker', limit: 50 } });
    const backlogTicks = ((backlog.body.result as { lines?: { text: string }[] } | undefined)?.lines ?? [])
      .flatMap((line) => /^tick (\d+)$/.exec(line.text)?.[1] ?? []).map(Number);
    const gaps = ticks.slice(1).map((tick, index) => tick.at - (ticks[index]?.at ?? tick.at));
    return {
      floodBytes: totalBytes,
      floodSeconds,
      launcherRssMiBBefore: Math.round(before),
      launcherRssMiBPeak: Math.round(Math.max(0, ...samples.map((sample) => sample.mib))),
      launcherRssMiBAfter: Math.round(samples.at(-1)?.mib ?? 0),
      launcherRssMiBPeakByQuarter: peakByQuarter,
      tickerPrinted: ticks.at(-1)?.seq ?? 0,
      tickerDelivered: new Set(ticks.map((tick) => tick.seq)).size,
      tickerSkipped,
      tickerLongestGapMs: Math.max(0, ...gaps),
      tickerBacklogIntact: backlogTicks.length > 10 && backlogTicks.every((seq, index) => index === 0 || seq === (backlogTicks[index - 1] ?? 0) + 1),
      apiSlowestMs: Math.round(apiSlowestMs),
    };
  } finally {
    socket.close();
    await ui.stop();
  }
}

type Request = (body: object) => Promise<{ body: { result?: unknown }; ms: number }>;

// The flooder says "flood done" on stderr once its last stdout write returned, and again every second; its backlog is asked
// every half second (the API must answer). The last 50 lines: the stdout still in the pipes (up to ~1,000 lines, through their
// own pipes) can come after the first "flood done" and push it out of them, never after the next one. A fresh-clone CI run
// timed out here once when this looked for a single "flood done".
async function waitForFloodDone(request: Request, onLatency: (ms: number) => void, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await request({ kind: 'query', body: { type: 'logBacklog', service: 'flooder', limit: 50 } });
    onLatency(answer.ms);
    const lines = (answer.body.result as { lines?: { text: string }[] } | undefined)?.lines ?? [];
    if (lines.some((line) => /flood done/.test(line.text))) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

// What the launcher shows of the flooder when its flood did not finish: its state and its last lines (shortened).
async function describeFlooder(request: Request): Promise<string> {
  const state = await request({ kind: 'query', body: { type: 'stackState' } }).catch((error: unknown) => ({ body: { result: String(error) } }));
  const flooder = ((state.body.result as { services?: { name: string; state: string; pid: number | null; message: string | null }[] } | undefined)?.services ?? [])
    .find((service) => service.name === 'flooder');
  const backlog = await request({ kind: 'query', body: { type: 'logBacklog', service: 'flooder', limit: 5 } }).catch(() => ({ body: { result: undefined } }));
  const last = ((backlog.body.result as { lines?: { stream: string; text: string }[] } | undefined)?.lines ?? []).map((line) => `${line.stream}: ${line.text.slice(0, 60)}`);
  return JSON.stringify({ state: flooder?.state, pid: flooder?.pid, message: flooder?.message, lastLines: last });
}

function parseUrl(url: string): { port: number; token: string } {
  const parsed = new URL(url);
  return { port: Number(parsed.port), token: parsed.searchParams.get('token') ?? '' };
}
