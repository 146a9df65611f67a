import { expect, it } from 'vitest';
import { runSecretsScan, secretsSummaryLine } from './secrets-scan.ts';
import { LEAKER_MAX_RESTARTS } from './secrets-stack.ts';

it('no output of Stackdeck (CLI, HTTP API, event stream, dashboard, files, crash records, logs) holds a secret unless revealed', async () => {
  const figures = await runSecretsScan();
  console.log(secretsSummaryLine(figures));
  console.log(`[reliability] secrets per output: ${JSON.stringify(figures.perOutput)}`);
  console.log(`[reliability] secrets browser mode: ${JSON.stringify(figures.browserMode)}`);
  for (const leak of figures.leaks) console.log(`[reliability] secrets leak: ${JSON.stringify(leak)}`);
  // The leaker really ran, printed its secrets and crashed each time: there was something to redact, and it was.
  expect(figures.leakerCrashesSeenByUp).toBe(LEAKER_MAX_RESTARTS + 1);
  expect(figures.browserMode.masksInLeakerLog).toBeGreaterThan(0);
  expect(figures.browserMode.masksInLeakerCrashes).toBeGreaterThan(0);
  expect(figures.browserMode.eventMessages).toBeGreaterThan(0);
  expect(figures.leaks).toEqual([]);
  expect(figures.raw + figures.encoded + figures.partial + figures.jwts).toBe(0);
  const reveal = figures.browserMode.reveal;
  if (reveal) {
    // Positive control: the scanner finds the revealed value in the API answer and in its cell (text, title), nowhere else.
    expect(reveal.apiAnswerOccurrences).toBe(1);
    expect(reveal.inCell).toBeGreaterThan(0);
    expect(reveal.inPage).toBe(reveal.inCell);
    expect(reveal.afterHide).toBe(0);
  }
});
