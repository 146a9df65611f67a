import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/test-stack.ts';
import { listeningPortsFromLsof, listeningPortsFromProc, listeningPortsOfTree } from './listening-ports.ts';
import { processTree } from './process-tree.ts';
import { runProgram } from './run-program.ts';
import { PYTHON_HTTP_SERVER_IN_SHELL, listenersForEachTest } from './testing/listeners.ts';

const startListener = listenersForEachTest();
const lsof = await runProgram('lsof', ['-v']);
const NODE_HONOURING_PORT = `${REPO_ROOT}main/engine/testing/fixtures/http-service.mjs`;

describe('listeningPortsOfTree', () => {
  it('finds the port python3 -m http.server 0 picked, though it runs as a child of the pid we hold', async () => {
    const [program, args, portLine] = PYTHON_HTTP_SERVER_IN_SHELL;
    const { pid, port } = await startListener(program, args, portLine);
    expect(await listeningPortsOfTree(pid, pid)).toEqual({ ok: true, value: [port] });
  });

  it('finds the port a Node service was given in PORT', async () => {
    const free = await freePort();
    const { pid, port } = await startListener(process.execPath, [NODE_HONOURING_PORT], /listening on (\d+)/, { PORT: String(free) });
    expect(port).toBe(free);
    expect(await listeningPortsOfTree(pid, pid)).toEqual({ ok: true, value: [free] });
  });

  it.skipIf(!lsof.ok)('agrees with the macOS reader (lsof) run on the same tree', async () => {
    const [program, args, portLine] = PYTHON_HTTP_SERVER_IN_SHELL;
    const first = await startListener(program, args, portLine);
    const second = await startListener(process.execPath, ['-e', "const s = require('node:net').createServer().listen(0, '::', () => console.log('port ' + s.address().port))"], /port (\d+)/);
    const tree = await processTree(first.pid, first.pid);
    const pids = [...(tree.ok ? tree.value : []), second.pid];
    expect(await listeningPortsFromLsof(pids)).toEqual({ ok: true, value: await listeningPortsFromProc(pids) });
    expect(await listeningPortsFromProc(pids)).toEqual([first.port, second.port].sort((a, b) => a - b));
  });

  it('is an empty list for a tree that listens on nothing, and unavailable on an OS without a reader', async () => {
    const { pid } = await startListener('sh', ['-c', 'echo up 0; exec sleep 30'], /up (\d+)/);
    expect(await listeningPortsOfTree(pid)).toEqual({ ok: true, value: [] });
    expect(await listeningPortsOfTree(pid, undefined, 'aix')).toEqual({ ok: false, unavailable: 'unavailable on aix (no listening-port reader for this OS)' });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
