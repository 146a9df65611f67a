import { readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface ProcessStats {
  cpuPercent: number;
  rssBytes: number;
}

// Why: one read of /proc per process every few seconds is enough to show CPU and memory, with no polling storm.
export function createStatsSampler() {
  const previous = new Map<number, { ticks: number; at: number }>();
  return async function sample(pid: number): Promise<ProcessStats | null> {
    try {
      const [stat, statm] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/statm`, 'utf8')]);
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const rssBytes = Number(statm.split(' ')[1]) * PAGE_BYTES;
      const now = performance.now();
      const before = previous.get(pid);
      previous.set(pid, { ticks, at: now });
      const cpuPercent = before && now > before.at ? ((ticks - before.ticks) / TICKS_PER_SECOND) / ((now - before.at) / 1000) * 100 : 0;
      return { cpuPercent: Math.round(cpuPercent * 10) / 10, rssBytes };
    } catch {
      previous.delete(pid);
      return null;
    }
  };
}
