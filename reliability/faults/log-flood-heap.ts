import { WebSocket } from 'ws';
import { pollUntil } from '../support/bounded-poll.ts';
import { startEngineWithWeb } from '../support/engine-with-web.ts';
import { heapAfterGcMiB } from '../support/heap.ts';
import { fixturePath } from '../support/fixture-path.ts';


export interface FloodHeapFigures {
  floodBytes: number;
  floodSeconds: number;
  // The engine's live JavaScript heap after a full collection, sampled every 2 s through the flood: flat means
  // nothing is retained, whatever the process's RSS does (the allocator keeps freed pages for reuse).
  liveHeapMiBSamples: number[];
  rssMiBPeak: number;
}

// Why: RSS alone cannot tell a leak from allocator slack; the same flood through an engine in this process, with the
// heap measured after forced collections, can.
export async function floodLiveHeap(totalBytes: number): Promise<FloodHeapFigures> {
  const stack = await startEngineWithWeb({
    'stackdeck.json': JSON.stringify({ services: { flooder: { command: ['node', fixturePath('flood-mixed.mjs')], envDir: 'flooder' } } }),
    'flooder/.env': `FLOOD_TOTAL_BYTES=${totalBytes}\n`,
  });
  // A dashboard client listening throughout, as in real use.
  const socket = new WebSocket(`ws://127.0.0.1:${stack.server.port}/api/events?token=${stack.server.token}`);
  socket.on('error', () => {});
  const figures: FloodHeapFigures = { floodBytes: totalBytes, floodSeconds: 0, liveHeapMiBSamples: [], rssMiBPeak: 0 };
  try {
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    await stack.engine.command({ type: 'start' });
    const startedAt = Date.now();
    const done = async () => {
      const backlog = await stack.request({ kind: 'query', body: { type: 'logBacklog', service: 'flooder', limit: 3 } });
      return ((backlog.body as { result?: { lines?: { text: string }[] } }).result?.lines ?? []).some((line) => /flood done/.test(line.text));
    };
    const finished = await pollUntil(async () => {
      figures.liveHeapMiBSamples.push(Math.round(heapAfterGcMiB() * 10) / 10);
      figures.rssMiBPeak = Math.max(figures.rssMiBPeak, Math.round(process.memoryUsage().rss / 2 ** 20));
      return done();
    }, 600_000, 2_000);
    if (!finished) throw new Error('the flood did not finish within 600 s');
    figures.floodSeconds = (Date.now() - startedAt) / 1000;
    return figures;
  } finally {
    socket.close();
    await stack.close();
  }
}
