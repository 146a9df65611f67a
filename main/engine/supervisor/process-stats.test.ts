import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { createStatsSampler } from './process-stats.ts';

const tempDir = tempDirsForEachTest();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

// A real child that keeps one CPU busy; resolves once it is running its loop.
async function busyChild(command: [string, ...string[]] = [process.execPath, '-e', "process.stdout.write('busy\\n'); for (;;) {}"]): Promise<number> {
  const [program, ...args] = command;
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the busy child did not start within 10 s')), 10_000);
    child.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('error', reject);
  });
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createStatsSampler', () => {
  it('measures a busy child: cpuPercent > 0 from the second sample, and its resident memory', async () => {
    const pid = await busyChild();
    const sample = createStatsSampler();
    const first = await sample(pid);
    // The first sample has nothing to compare with.
    expect(first).toEqual({ cpuPercent: 0, rssBytes: expect.any(Number) });
    expect(first?.rssBytes).toBeGreaterThan(0);
    await pause(500);
    const second = await sample(pid);
    expect(second?.cpuPercent).toBeGreaterThan(0);
    expect(second?.rssBytes).toBeGreaterThan(1024 * 1024);
  });

  it('reads the right fields when the command name holds ") " (the name is in parentheses in /proc/<pid>/stat)', async () => {
    const dir = tempDir();
    // A shell under an odd name: its command name (comm) is the name it was started by.
    const oddName = join(dir, 'a) b (c');
    symlinkSync('/bin/sh', oddName);
    const pid = await busyChild([oddName, '-c', 'echo busy; while :; do :; done']);
    expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/^\d+ \(a\) b \(c\) /);
    const sample = createStatsSampler();
    expect((await sample(pid))?.rssBytes).toBeGreaterThan(0);
    await pause(500);
    const second = await sample(pid);
    expect(second?.cpuPercent).toBeGreaterThan(0);
    expect(Number.isFinite(second?.cpuPercent)).toBe(true);
  });

  it('keeps one baseline per pid', async () => {
    const busy = await busyChild();
    const idle = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(idle);
    await new Promise((resolve) => idle.once('spawn', resolve));
    const sample = createStatsSampler();
    await sample(busy);
    await sample(idle.pid ?? 0);
    await pause(500);
    const busyCpu = (await sample(busy))?.cpuPercent ?? 0;
    const idleCpu = (await sample(idle.pid ?? 0))?.cpuPercent ?? Infinity;
    expect(busyCpu).toBeGreaterThan(0);
    expect(idleCpu).toBeGreaterThanOrEqual(0);
    expect(idleCpu).toBeLessThan(busyCpu);
  });

  it('gives null for a pid that is gone', async () => {
    const ended = spawn('true', { stdio: 'ignore' });
    children.push(ended);
    await new Promise((resolve) => ended.once('exit', resolve));
    const sample = createStatsSampler();
    expect(await sample(ended.pid ?? 0)).toBeNull();
  });

  it('gives null once a sampled process has ended', async () => {
    const pid = await busyChild();
    const sample = createStatsSampler();
    expect(await sample(pid)).not.toBeNull();
    const child = children.at(-1);
    child?.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(await sample(pid)).toBeNull();
  });
});
