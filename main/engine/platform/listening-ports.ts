import { readProcDir, readProcFile, readProcLink } from './proc-files.ts';
import { parseLsofListen } from './lsof-listen.ts';
import { parseNetstatListen } from './netstat-listen.ts';
import { unavailableOn, type OsReading } from './os-reading.ts';
import { parseProcNetTcp, socketInode } from './proc-net-tcp.ts';
import { processTree } from './process-tree.ts';
import { runProgram } from './run-program.ts';

// Linux: the listening sockets of /proc/net/tcp{,6} whose inodes these processes hold open. Synchronous: see proc-files.ts.
export async function listeningPortsFromProc(pids: readonly number[]): Promise<number[]> {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map(readProcFile);
  const portOfInode = new Map(tables.flatMap(parseProcNetTcp).map((socket) => [socket.inode, socket.port]));
  const ports = new Set<number>();
  for (const pid of pids) {
    for (const fd of readProcDir(`/proc/${pid}/fd`)) {
      const inode = socketInode(readProcLink(`/proc/${pid}/fd/${fd}`));
      const port = inode === undefined ? undefined : portOfInode.get(inode);
      if (port !== undefined) ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

// macOS (and anywhere lsof is): `lsof -nP -iTCP -sTCP:LISTEN -a -p PIDS`.
export async function listeningPortsFromLsof(pids: readonly number[]): Promise<OsReading<number[]>> {
  if (pids.length === 0) return { ok: true, value: [] };
  const run = await runProgram('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-a', '-p', pids.join(',')]);
  if (!run.ok) return { ok: false, unavailable: run.reason };
  const wanted = new Set(pids);
  return { ok: true, value: [...new Set(parseLsofListen(run.stdout).filter((listener) => wanted.has(listener.pid)).map((listener) => listener.port))].sort((a, b) => a - b) };
}

// Windows: `netstat -ano`, the lines of these pids.
export async function listeningPortsFromNetstat(pids: readonly number[]): Promise<OsReading<number[]>> {
  const run = await runProgram('netstat', ['-ano']);
  if (!run.ok) return { ok: false, unavailable: run.reason };
  const wanted = new Set(pids);
  return { ok: true, value: [...new Set(parseNetstatListen(run.stdout).filter((listener) => wanted.has(listener.pid)).map((listener) => listener.port))].sort((a, b) => a - b) };
}

// Why: which ports a service really listens on (its whole process tree), whatever port it was given.
export async function listeningPortsOfTree(root: number, group?: number, platform: NodeJS.Platform = process.platform): Promise<OsReading<number[]>> {
  // No cheap process tree on Windows: the service's own pid only (a listener in a child process is not seen there).
  if (platform === 'win32') return listeningPortsFromNetstat([root]);
  if (platform !== 'linux' && platform !== 'darwin') return unavailableOn(platform, 'no listening-port reader for this OS');
  const tree = await processTree(root, group, platform);
  if (!tree.ok) return tree;
  return platform === 'linux' ? { ok: true, value: await listeningPortsFromProc(tree.value) } : listeningPortsFromLsof(tree.value);
}
