import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

const SYNC_OUTPUT = fileURLToPath(new URL('./sync-output.ts', import.meta.url));

let cleanup = () => {};
afterEach(() => cleanup());

// A process that writes `lines` numbered lines to stdout through syncOutput(1) in writes of `perWrite` lines, then says on
// stderr (written directly, not through a stream) whether Node's stream for the pipe (node:net) was ever loaded.
const writer = (lines: number, perWrite: number) => `
import { writeSync } from 'node:fs';
import { syncOutput } from ${JSON.stringify(SYNC_OUTPUT)};
const out = syncOutput(1);
for (let start = 0; start < ${lines}; start += ${perWrite}) {
  out(Array.from({ length: Math.min(${perWrite}, ${lines} - start) }, (_, index) => 'line ' + (start + index) + ' ' + 'x'.repeat(40) + '\\n').join(''));
}
writeSync(2, JSON.stringify({ streamLoaded: process.moduleLoadList.includes('NativeModule net') }));
`;
const expected = (lines: number) => Array.from({ length: lines }, (_, index) => `line ${index} ${'x'.repeat(40)}\n`).join('');

describe('syncOutput', () => {
  it('writes to a file at once, in order, without building a stream', () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'out.txt');
    const fd = openSync(file, 'w');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', writer(5_000, 7)], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stderr)).toEqual({ streamLoaded: false });
    expect(readFileSync(file, 'utf8')).toBe(expected(5_000));
  });

  it('writes 4 MB to a pipe read slowly, whole and in order (the pipe holds 64 kB)', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer(80_000, 100)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const { stdout, stderr, code } = await slowlyRead(child);
    expect(code).toBe(0);
    expect(JSON.parse(stderr)).toEqual({ streamLoaded: false });
    expect(stdout).toBe(expected(80_000));
  });

  // A parent (here Python, as asyncio or a tool's event loop leaves it) made the pipe non-blocking, which the writer shares.
  it.skipIf(spawnSync('python3', ['--version']).status !== 0)("hands the rest to Node's stream when the pipe is non-blocking and full (EAGAIN), losing and reordering nothing", async () => {
    const parent = 'import os, subprocess, sys; os.set_blocking(1, False); sys.exit(subprocess.call(sys.argv[1:]))';
    const child = spawn('python3', ['-c', parent, process.execPath, '--input-type=module', '-e', writer(80_000, 100)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const { stdout, stderr, code } = await slowlyRead(child);
    expect(code).toBe(0);
    expect(JSON.parse(stderr)).toEqual({ streamLoaded: true });
    expect(stdout).toBe(expected(80_000));
  });

  it('ignores a reader that is gone (EPIPE): the process goes on and ends normally', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer(80_000, 100)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr: JSON.parse(stderr) }).toEqual({ code: 0, stderr: { streamLoaded: false } });
  });
});

// Reads the child's stdout with a pause after each chunk, so the pipe fills and the writer must wait for it.
async function slowlyRead(child: ReturnType<typeof spawn>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    child.stdout?.pause();
    setTimeout(() => child.stdout?.resume(), 2);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { stdout, stderr, code };
}
