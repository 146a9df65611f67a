import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runProgram } from './run-program.ts';
import { parseLsofListen } from './lsof-listen.ts';
import { PYTHON_HTTP_SERVER_IN_SHELL, listenersForEachTest } from './testing/listeners.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const startListener = listenersForEachTest();
const lsof = await runProgram('lsof', ['-v']);

describe('parseLsofListen', () => {
  it('reads a macOS sample: IPv4, IPv6 in brackets, a wildcard, and an escaped command name', () => {
    expect(parseLsofListen(fixture('lsof-listen-macos.txt'))).toEqual([
      { command: 'node', pid: 41873, address: '*', port: 3000 },
      { command: 'node', pid: 41873, address: '127.0.0.1', port: 9229 },
      { command: 'Python', pid: 41902, address: '[::1]', port: 8000 },
      { command: 'Python', pid: 41902, address: '127.0.0.1', port: 8000 },
      { command: 'Google ', pid: 51234, address: '127.0.0.1', port: 49821 },
    ]);
  });

  it('reads an output recorded from lsof 4.95 on Linux (the same columns)', () => {
    expect(parseLsofListen(fixture('lsof-listen-linux-recorded.txt'))).toEqual([
      { command: 'python3', pid: 8272, address: '127.0.0.1', port: 45269 },
      { command: 'node', pid: 8274, address: '*', port: 38303 },
    ]);
  });

  it('ignores the header, blank lines and lsof warnings', () => {
    expect(parseLsofListen('lsof: WARNING: can\'t stat() fuse.gvfsd-fuse file system /run/user/1000/gvfs\n\nCOMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n')).toEqual([]);
  });

  it.skipIf(!lsof.ok)('reads what the real lsof prints for a running python3 -m http.server', async () => {
    const [program, args, portLine] = PYTHON_HTTP_SERVER_IN_SHELL;
    const { pid: shell, port } = await startListener(program, args, portLine);
    const run = await runProgram('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-a', '-g', String(shell)]);
    expect(run.ok && parseLsofListen(run.stdout).map((listener) => [listener.command, listener.port])).toEqual([['python3', port]]);
  });
});
