import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseProcStat } from './process-tree.ts';
import { readProcDir, readProcFile, readProcLink } from './proc-files.ts';

// A pid that has surely ended: a child that ran and was reaped.
const endedPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

describe.skipIf(process.platform !== 'linux')('proc files on this machine', () => {
  it('reads this process: its stat, its fds, and where an fd points', () => {
    expect(parseProcStat(readProcFile(`/proc/${process.pid}/stat`))).toEqual({ pid: process.pid, ppid: process.ppid, pgid: expect.any(Number) });
    const fds = readProcDir(`/proc/${process.pid}/fd`);
    expect(fds).toContain('0');
    expect(readProcLink(`/proc/${process.pid}/fd/${fds[0]}`)).not.toBe('');
  });

  it('answers empty for a process that is gone, never throws', () => {
    const gone = endedPid();
    expect([readProcFile(`/proc/${gone}/stat`), readProcDir(`/proc/${gone}/fd`), readProcLink(`/proc/${gone}/fd/0`)]).toEqual(['', [], '']);
  });
});
