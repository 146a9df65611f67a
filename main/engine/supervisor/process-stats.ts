import { processUsage } from '../platform/process-usage.ts';

export interface ProcessStats {
  cpuPercent: number;
  rssBytes: number;
}

// Why: one read per process every few seconds is enough to show CPU and memory, with no polling storm.
export function createStatsSampler() {
  const previous = new Map<number, { cpuSeconds: number; at: number }>();
  return async function sample(pid: number): Promise<ProcessStats | null> {
    const usage = await processUsage(pid);
    if (!usage) {
      previous.delete(pid);
      return null;
    }
    const now = performance.now();
    const before = previous.get(pid);
    previous.set(pid, { cpuSeconds: usage.cpuSeconds, at: now });
    const cpuPercent = before && now > before.at ? (usage.cpuSeconds - before.cpuSeconds) / ((now - before.at) / 1000) * 100 : 0;
    return { cpuPercent: Math.round(cpuPercent * 10) / 10, rssBytes: usage.rssBytes };
  };
}
