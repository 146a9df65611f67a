import { readFile } from 'node:fs/promises';
import { runProgram } from './run-program.ts';

// CPU time used so far and resident memory of one process.
export interface ProcessUsage {
  cpuSeconds: number;
  rssBytes: number;
}

const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

// /proc/<pid>/stat (utime, stime in clock ticks) and statm (resident pages).
export function usageFromProc(stat: string, statm: string): ProcessUsage {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, rssBytes: Number(statm.split(' ')[1]) * PAGE_BYTES };
}

// `ps -o time=,rss= -p PID` (macOS): cumulative CPU as [[dd-]hh:]mm:ss[.cc], resident memory in KiB.
export function usageFromPs(text: string): ProcessUsage | null {
  const [time, rss] = text.trim().split(/\s+/);
  const match = /^(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(time ?? '');
  if (!match || rss === undefined || !/^\d+$/.test(rss)) return null;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return { cpuSeconds: ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds), rssBytes: Number(rss) * 1024 };
}

// Why: the dashboard's CPU and memory of a service, read the way each OS offers it (null: gone, or not readable here).
export async function processUsage(pid: number, platform: NodeJS.Platform = process.platform): Promise<ProcessUsage | null> {
  if (platform === 'linux') {
    try {
      const [stat, statm] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/statm`, 'utf8')]);
      return usageFromProc(stat, statm);
    } catch {
      return null;
    }
  }
  if (platform === 'darwin') {
    const run = await runProgram('ps', ['-o', 'time=,rss=', '-p', String(pid)]);
    return run.ok && run.code === 0 ? usageFromPs(run.stdout) : null;
  }
  return null;
}
