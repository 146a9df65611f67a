import { expect, it } from 'vitest';
import { stopStubbornService } from './stubborn-service.ts';

it('a service that ignores SIGTERM is killed after its grace period, and the log says so', async () => {
  const figures = await stopStubbornService();
  console.log(`[reliability] service ignoring SIGTERM: ${JSON.stringify(figures)}`);
  expect(figures.stillAlive).toBe(false);
  expect(figures.state).toBe('stopped');
  expect(figures.stopTookMs).toBeGreaterThanOrEqual(figures.graceSeconds * 1000);
  expect(figures.notes.at(-1)).toMatch(/did not stop within 1 s of SIGTERM, so it was killed with SIGKILL/);
});
