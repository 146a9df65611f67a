// bench/logs: samples a process's resident memory from /proc/<pid>/status (VmRSS) every 100 ms.
import { readFileSync } from 'node:fs';

export interface RssSamples {
  peakMiB: number | null;
  lastMiB: number | null;
  count: number;
}

// The RSS of a process now, in MiB, or null once it is gone.
export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// Starts sampling whichever pid pidOf gives (it may change, or be unknown at first); stop() gives the figures.
export function sampleRss(pidOf: () => number | undefined, everyMs = 100): { stop: () => RssSamples } {
  const samples: RssSamples = { peakMiB: null, lastMiB: null, count: 0 };
  const take = () => {
    const pid = pidOf();
    const rss = pid === undefined ? null : rssMiB(pid);
    if (rss === null) return;
    samples.count++;
    samples.lastMiB = rss;
    samples.peakMiB = Math.max(samples.peakMiB ?? 0, rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}
