import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { demoStackFile } from '../../shared/config/testing/demo-stack.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
const SYSTEM_NODE = '/usr/bin/node';

let cleanup = () => {};
afterEach(() => cleanup());

// The installed command as a user runs it: a real process, real exit code, nothing captured in-process.
function stackdeck(args: string[], cwd: string, node = process.execPath) {
  return spawnSync(node, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH, HOME: cwd, STACKDECK_STATE_DIR: '.state' } });
}

const systemNodeMajor = Number(spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout || 0);

describe('bin.js', () => {
  it('runs check as a real process with exit codes 0, 1 and 2', () => {
    const temp = makeTempDir({ ...demoStackFile(), 'bad/.env': 'PORT=8000\n', 'bad/auth/.env': 'PORT=8000\n' });
    cleanup = temp.cleanup;
    expect(stackdeck(['check'], temp.dir).status).toBe(0);
    const failing = stackdeck(['check', '--env-dir', 'bad'], temp.dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('[port-conflict]');
    expect(stackdeck(['check', '--profile', 'nope'], temp.dir).status).toBe(2);
  });

  // script(1) gives the command a pseudo-terminal, as a person's terminal is; util-linux's takes the command with -c.
  it.skipIf(process.platform !== 'linux' || spawnSync('script', ['--version']).status !== 0)('colours its output at a terminal, and not in a pipe or a file', () => {
    const temp = makeTempDir(demoStackFile());
    cleanup = temp.cleanup;
    const ESCAPE = '\u001b[';
    const atTerminal = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check`, '/dev/null'], { cwd: temp.dir, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH, HOME: temp.dir, STACKDECK_STATE_DIR: '.state', TERM: 'xterm' } });
    expect(atTerminal.status).toBe(0);
    expect(atTerminal.stdout).toContain(`${ESCAPE}1mauth${ESCAPE}22m`);
    const inPipe = stackdeck(['check'], temp.dir);
    expect(inPipe.stdout).toContain('auth');
    expect(inPipe.stdout).not.toContain(ESCAPE);
    const toFile = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check > out.txt; cat out.txt`], { cwd: temp.dir, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH, HOME: temp.dir, STACKDECK_STATE_DIR: '.state' } });
    expect(toFile.stdout).toContain('auth');
    expect(toFile.stdout).not.toContain(ESCAPE);
  });

  // A command done when it returns ends its process at once (run-process.ts). A parent (Python here, as asyncio or a tool's
  // event loop leaves it) made the pipe non-blocking, so the rest of a full pipe goes through Node's stream: it is written first.
  it.skipIf(spawnSync('python3', ['--version']).status !== 0)('ends a one-shot command with its whole output written, through a full non-blocking pipe read slowly', () => {
    const variables = Array.from({ length: 3_000 }, (_, index) => `EXTRA_VARIABLE_${index}=value-${index}-${'x'.repeat(30)}`).join('\n');
    const temp = makeTempDir({ ...demoStackFile(), 'services/auth/.env': `${variables}\n` });
    cleanup = temp.cleanup;
    const slowReader = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe(); os.set_blocking(w, False)',
      'child = subprocess.Popen(sys.argv[1:], stdout=w); os.close(w)',
      'out = bytearray()',
      'while chunk := os.read(r, 65536): out += chunk; time.sleep(0.003)',
      'sys.stdout.buffer.write(out); sys.exit(child.wait())',
    ].join('\n');
    const result = spawnSync('python3', ['-c', slowReader, process.execPath, BIN, 'env', 'auth', '--json'], { cwd: temp.dir, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 2 ** 20, env: { PATH: process.env.PATH, HOME: temp.dir, STACKDECK_STATE_DIR: '.state' } });
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(1_000_000);
    const report = JSON.parse(result.stdout) as { variables: { key: string }[] };
    expect(report.variables.filter((variable) => variable.key.startsWith('EXTRA_VARIABLE_'))).toHaveLength(3_000);
  });

  // Only meaningful where the machine's own Node is too old to run TypeScript, as on these build machines.
  it.skipIf(!(systemNodeMajor > 0 && systemNodeMajor < 22))('tells a user on an old Node what it needs instead of a stack trace', () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const result = stackdeck(['check'], temp.dir, SYSTEM_NODE);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('stackdeck needs Node 22.18 or newer');
  });
});
