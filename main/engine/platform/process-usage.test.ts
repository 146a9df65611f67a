import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processUsage, usageFromProc, usageFromPs } from './process-usage.ts';
import { listenersForEachTest } from './testing/listeners.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const startListener = listenersForEachTest();

describe('usageFromPs', () => {
  it('reads a macOS sample: minutes:seconds.hundredths and KiB', () => {
    expect(usageFromPs(fixture('ps-time-rss-macos.txt'))).toEqual({ cpuSeconds: 1.27, rssBytes: 48_512 * 1024 });
  });

  it('reads hours and days, and refuses what is not a reading', () => {
    expect(usageFromPs('1-02:03:04 10')).toEqual({ cpuSeconds: ((24 + 2) * 60 + 3) * 60 + 4, rssBytes: 10_240 });
    expect(usageFromPs('')).toBeNull();
    expect(usageFromPs('TIME RSS')).toBeNull();
  });
});

describe('processUsage on this machine', () => {
  it('reads /proc for a busy process, and ps (the macOS way) agrees on its memory', async () => {
    const { pid } = await startListener(process.execPath, ['-e', "console.log('busy 1'); for (;;) {}"], /busy (\d)/);
    const proc = await processUsage(pid, 'linux');
    const ps = await processUsage(pid, 'darwin');
    expect(proc?.rssBytes).toBeGreaterThan(1024 * 1024);
    // Two reads a moment apart of a running process: within 20 %.
    expect(Math.abs((ps?.rssBytes ?? 0) - (proc?.rssBytes ?? 0))).toBeLessThan((proc?.rssBytes ?? 0) * 0.2);
    expect(usageFromProc('1 (x) R 0 1 1 0 -1 4194560 0 0 0 0 250 50 0 0', '100 25 0')).toEqual({ cpuSeconds: 3, rssBytes: 25 * 4096 });
  });

  it('is null for a pid that is gone, and where the OS offers no reader', async () => {
    expect(await processUsage(2 ** 22 + 1, 'linux')).toBeNull();
    expect(await processUsage(process.pid, 'win32')).toBeNull();
  });
});
