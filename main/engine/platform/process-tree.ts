import { readProcDir, readProcFile } from './proc-files.ts';
import { unavailableOn, type OsReading } from './os-reading.ts';
import { runProgram } from './run-program.ts';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

// Why: macOS (and Linux) `ps -A -o pid=,ppid=,pgid=` is one process a line, three numbers.
export function parsePsTable(text: string): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const line of text.split('\n')) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (Number.isInteger(pid) && Number.isInteger(ppid) && Number.isInteger(pgid) && pid !== undefined && ppid !== undefined && pgid !== undefined) entries.push({ pid, ppid, pgid });
  }
  return entries;
}

// The pid, ppid and process group of a /proc/<pid>/stat line (the command name in parentheses may hold anything).
export function parseProcStat(stat: string): ProcessEntry | undefined {
  const close = stat.lastIndexOf(')');
  const [, ppid, pgid] = stat.slice(close + 2).split(' ').map(Number);
  const pid = Number.parseInt(stat, 10);
  return Number.isInteger(pid) && ppid !== undefined && pgid !== undefined && Number.isInteger(ppid) && Number.isInteger(pgid) ? { pid, ppid, pgid } : undefined;
}

// Why: a service's listeners may be its children (npm -> node, a shell -> python): the tree is the root, its descendants,
// and the members of its process group (a child that double-forked left the tree but not the group).
export function treeOf(entries: readonly ProcessEntry[], root: number, group?: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of entries) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry.pid]);
  const found = new Set<number>();
  const visit = (pid: number) => {
    if (found.has(pid)) return;
    found.add(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  if (entries.some((entry) => entry.pid === root)) visit(root);
  if (group !== undefined) for (const entry of entries) if (entry.pgid === group) visit(entry.pid);
  return [...found].sort((a, b) => a - b);
}

// Every process's /proc/<pid>/stat (synchronous: see proc-files.ts).
function linuxEntries(): ProcessEntry[] {
  return readProcDir('/proc').filter((name) => /^\d+$/.test(name)).flatMap((pid) => parseProcStat(readProcFile(`/proc/${pid}/stat`)) ?? []);
}

// Every process, as the OS lists it: /proc on Linux, ps on macOS.
export async function processTable(platform: NodeJS.Platform = process.platform): Promise<OsReading<ProcessEntry[]>> {
  if (platform === 'linux') return { ok: true, value: linuxEntries() };
  if (platform === 'darwin') {
    const run = await runProgram('ps', ['-A', '-o', 'pid=,ppid=,pgid=']);
    return run.ok ? { ok: true, value: parsePsTable(run.stdout) } : { ok: false, unavailable: run.reason };
  }
  return unavailableOn(platform, 'no process tree reader for this OS');
}

// Why: the processes a service consists of, for its listening ports.
export async function processTree(root: number, group?: number, platform: NodeJS.Platform = process.platform): Promise<OsReading<number[]>> {
  const table = await processTable(platform);
  return table.ok ? { ok: true, value: treeOf(table.value, root, group) } : table;
}
