import { describe, expect, it } from 'vitest';
import { portOwner } from './port-owner.ts';
import { runProgram } from './run-program.ts';
import { PYTHON_HTTP_SERVER_IN_SHELL, listenersForEachTest } from './testing/listeners.ts';

const startListener = listenersForEachTest();
const lsof = await runProgram('lsof', ['-v']);

describe('portOwner', () => {
  it.skipIf(!lsof.ok)('names the same process through /proc (Linux) and through lsof and ps (the macOS way)', async () => {
    const [program, args, portLine] = PYTHON_HTTP_SERVER_IN_SHELL;
    const { port } = await startListener(program, args, portLine);
    const linux = await portOwner(port, 'linux');
    expect(linux?.pid).toEqual(expect.any(Number));
    expect(linux && 'command' in linux ? linux.command : '').toMatch(/python3 -m http\.server 0 --bind 127\.0\.0\.1$/);
    expect(await portOwner(port, 'darwin')).toEqual(linux);
  });

  it('is undefined for a port nobody listens on, and on an OS without a reader', async () => {
    expect(await portOwner(1, 'linux')).toBeUndefined();
    expect(await portOwner(1, 'aix')).toBeUndefined();
  });
});
