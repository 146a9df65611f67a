import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat, parsePsTable, processTree, treeOf } from './process-tree.ts';
import { runProgram } from './run-program.ts';
import { PYTHON_HTTP_SERVER_IN_SHELL, listenersForEachTest } from './testing/listeners.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const startListener = listenersForEachTest();

describe('treeOf', () => {
  const macos = parsePsTable(fixture('ps-pid-ppid-pgid-macos.txt'));

  it('reads a macOS ps table', () => {
    expect(macos).toHaveLength(9);
    expect(macos[4]).toEqual({ pid: 41873, ppid: 41851, pgid: 41851 });
  });

  it('is the root and its descendants', () => {
    expect(treeOf(macos, 41851)).toEqual([41851, 41873, 41874, 41902]);
  });

  it('adds the members of the group (a double-forked child re-parented to pid 1)', () => {
    expect(treeOf(macos, 41851, 41851)).toEqual([41851, 41873, 41874, 41902, 41990]);
  });

  it('is empty for a root that is gone', () => {
    expect(treeOf(macos, 99_999)).toEqual([]);
  });
});

describe('processTree on this machine', () => {
  it('reads a command name holding ") (" right', () => {
    expect(parseProcStat('4242 (a) b (c) S 17 4242 4242 0 -1')).toEqual({ pid: 4242, ppid: 17, pgid: 4242 });
  });

  it('finds the python child of a shell, and /proc and ps agree on the table', async () => {
    const [program, args, portLine] = PYTHON_HTTP_SERVER_IN_SHELL;
    const { pid: shell } = await startListener(program, args, portLine);
    const tree = await processTree(shell);
    expect(tree.ok && tree.value.length).toBe(2);
    const python = tree.ok ? tree.value.find((pid) => pid !== shell) : undefined;
    expect(readFileSync(`/proc/${python}/cmdline`, 'utf8')).toContain('http.server');
    // Differential: the macOS reader (ps) run here lists the same tree as /proc.
    const ps = await runProgram('ps', ['-A', '-o', 'pid=,ppid=,pgid=']);
    expect(ps.ok && treeOf(parsePsTable(ps.stdout), shell, shell)).toEqual(tree.ok && tree.value);
  });

  it('says a platform without a reader is unavailable, not empty', async () => {
    expect(await processTree(1, undefined, 'win32')).toEqual({ ok: false, unavailable: 'unavailable on win32 (no process tree reader for this OS)' });
  });
});
