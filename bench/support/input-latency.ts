import type { Page } from 'playwright-core';

// Why: an input's latency as the user feels it, from the event's own timestamp to the next frame after the page handled
// it, measured in the page; one probe for every bench that types, clicks or picks.
export async function recordInputLatency(page: Page, eventType: 'keydown' | 'change'): Promise<() => Promise<number[]>> {
  await page.evaluate((type) => {
    const samples: number[] = [];
    (window as unknown as { inputLatencies: number[] }).inputLatencies = samples;
    document.addEventListener(type, (event) => {
      const at = event.timeStamp;
      requestAnimationFrame(() => samples.push(performance.now() - at));
    }, { capture: true });
  }, eventType);
  return () => page.evaluate(() => (window as unknown as { inputLatencies: number[] }).inputLatencies);
}
