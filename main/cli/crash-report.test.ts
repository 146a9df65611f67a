import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { CRASH_EXIT_CODE, reportCrash } from './crash-report.ts';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
// A bug injected into the real CLI from outside: once the CLI's last-resort handler is installed, a timer throws or a promise
// is rejected with nobody to catch it, as a bug deep in a command would.
const INJECT = {
  throw: "const t = setInterval(() => { if (process.listenerCount('uncaughtException') > 0) { clearInterval(t); throw new TypeError('boom from a timer'); } }, 5);",
  reject: "const t = setInterval(() => { if (process.listenerCount('unhandledRejection') > 0) { clearInterval(t); Promise.reject(new RangeError('rejected with nobody listening')); } }, 5);",
};
const STACK = JSON.stringify({ services: { idle: { command: ['node', '-e', 'setInterval(() => {}, 1000)'], envDir: '.' } } });

let cleanup = () => {};
afterEach(() => cleanup());

function crashingUp(bug: keyof typeof INJECT, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(INJECT[bug])}`, BIN, 'up'], {
      cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ONE_LINE = /^stackdeck: internal error: (\w+: [^\n]+) \(a bug in Stackdeck; the full report is in ([^\n]+)\)\n$/;

describe('the last-resort handler', () => {
  it('turns an uncaught exception into one line and a report in the stack state folder, exit 70', async () => {
    const temp = makeTempDir({ 'stackdeck.json': STACK });
    cleanup = temp.cleanup;
    mkdirSync(join(temp.dir, 'state'));
    const result = await crashingUp('throw', temp.dir, { STACKDECK_STATE_DIR: 'state' });
    expect(result.code).toBe(CRASH_EXIT_CODE);
    const [, summary, file] = ONE_LINE.exec(result.stderr) ?? [];
    expect(summary).toBe('TypeError: boom from a timer');
    expect(file?.startsWith(join(temp.dir, 'state', 'stackdeck-crash-'))).toBe(true);
    const report = readFileSync(file ?? '', 'utf8');
    expect(report).toContain('command: stackdeck up');
    expect(report).toMatch(/TypeError: boom from a timer\n\s+at /);
  });

  it('does the same for an unhandled rejection, into the temp folder when the stack has no state folder', async () => {
    const temp = makeTempDir({ 'stack/stackdeck.json': STACK, 'tmp/.keep': '' });
    cleanup = temp.cleanup;
    const result = await crashingUp('reject', join(temp.dir, 'stack'), { TMPDIR: join(temp.dir, 'tmp') });
    expect(result.code).toBe(CRASH_EXIT_CODE);
    const [, summary, file] = ONE_LINE.exec(result.stderr) ?? [];
    expect(summary).toBe('RangeError: rejected with nobody listening');
    expect(file?.startsWith(join(temp.dir, 'tmp', 'stackdeck-crash-'))).toBe(true);
    expect(readFileSync(file ?? '', 'utf8')).toMatch(/RangeError: rejected with nobody listening\n\s+at /);
  });
});

describe('reportCrash', () => {
  it('writes into <--root>/.stackdeck when it exists, and names what was thrown even when it is not an Error', () => {
    const temp = makeTempDir({ 'root/.stackdeck/.keep': '' });
    cleanup = temp.cleanup;
    const now = new Date('2026-01-02T03:04:05.678Z');
    const { line, file } = reportCrash({ code: 42 }, { argv: ['check', '--root', 'root'], cwd: temp.dir, env: {} }, now);
    expect(file).toBe(join(temp.dir, 'root', '.stackdeck', `stackdeck-crash-2026-01-02T03-04-05.678Z-${process.pid}.log`));
    expect(line).toBe(`stackdeck: internal error: thrown { code: 42 } (a bug in Stackdeck; the full report is in ${file})\n`);
    expect(readdirSync(join(temp.dir, 'root', '.stackdeck'))).toContain(`stackdeck-crash-2026-01-02T03-04-05.678Z-${process.pid}.log`);
  });

  it('keeps the line to one line of bounded length, whatever the message', () => {
    const temp = makeTempDir({ '.stackdeck/.keep': '' });
    cleanup = temp.cleanup;
    const { line } = reportCrash(new Error(`${'x'.repeat(500)}\nsecond line`), { argv: ['up'], cwd: temp.dir, env: {} });
    expect(line.split('\n')).toHaveLength(2);
    expect(line).toContain(`Error: ${'x'.repeat(190)}`);
    expect(line).not.toContain('second line');
  });
});
