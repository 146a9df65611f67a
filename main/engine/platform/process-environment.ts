import { readFile } from 'node:fs/promises';
import { runProgram } from './run-program.ts';

// Why: is this pid still a process we started? Its environment carries our run id (pids are reused). Linux reads
// /proc/<pid>/environ; macOS `ps -E` prints the environment after the command; elsewhere it cannot be told (false).
export async function environmentHas(pid: number, entry: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'linux') {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    return environ.split('\0').includes(entry);
  }
  if (platform === 'darwin') {
    const run = await runProgram('ps', ['-E', '-ww', '-o', 'command=', '-p', String(pid)]);
    return run.ok && run.code === 0 && run.stdout.trim().split(/\s+/).includes(entry);
  }
  return false;
}
