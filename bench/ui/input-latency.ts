// bench/ui: input latency (p95) in the dashboard while a service streams ~20 MB/s of logs (goal < 100 ms).
// Latency = from the key event's timestamp to the next animation frame after it was handled, measured in the page.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../e2e/support/chromium.ts';
import { startUi } from '../../e2e/support/stackdeck-ui.ts';
import { recordInputLatency } from '../support/input-latency.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const stack = { services: { flood: { command: ['node', join(HERE, 'flood-20mb.mjs')], envDir: 'flood' } } };

async function measure(label: string, withFlood: boolean): Promise<number[]> {
  const ui = await startUi({ 'stackdeck.json': JSON.stringify(stack) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(ui.url);
    await page.getByRole('tab', { name: 'Services' }).waitFor();
    if (withFlood) {
      await page.getByRole('button', { name: 'Start all', exact: true }).click();
      // The flood has no port and no probe: it is shown running, never ready.
      await page.getByText('0/1 ready, 1 running (no probe)').waitFor({ timeout: 30_000 });
    }
    await page.getByRole('tab', { name: 'Logs' }).click();
    const search = page.getByRole('searchbox').first();
    await search.waitFor();
    const latencies = await recordInputLatency(page, 'keydown');
    await page.waitForTimeout(2_000);
    await search.click();
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.press(i % 10 === 9 ? 'Backspace' : 'a');
      await page.waitForTimeout(20);
    }
    await page.waitForTimeout(500);
    const samples = await latencies();
    console.log(`  ${label.padEnd(34)} ${samples.length} keys`);
    return samples;
  } finally {
    await browser.close();
    await ui.stop();
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))] ?? NaN;
const idle = await measure('idle (no service running)', false);
const flooded = await measure('while a service streams ~20 MB/s', true);
console.log(`bench/ui: input latency, key event to next frame, Debian Chromium, ${KEYS} keys each`);
for (const [label, samples] of [['idle', idle], ['20 MB/s of logs', flooded]] as const) {
  console.log(`  ${label.padEnd(18)} p50 ${percentile(samples, 0.5).toFixed(1)} ms   p95 ${percentile(samples, 0.95).toFixed(1)} ms   max ${Math.max(...samples).toFixed(1)} ms`);
}
console.log('  goal: p95 < 100 ms under the flood');
