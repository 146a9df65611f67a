import { readFile, readdir, readlink } from 'node:fs/promises';
import { parseLsofListen } from './lsof-listen.ts';
import { parseNetstatListen } from './netstat-listen.ts';
import { parseProcNetTcp, socketInode } from './proc-net-tcp.ts';
import { runProgram } from './run-program.ts';

// Who listens on a port: a pid and its command line (empty when the OS does not tell), or a pid we may not see.
export type PortOwner = { pid: number; command: string } | { pid: null };

async function linuxOwner(port: number): Promise<PortOwner | undefined> {
  const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((table) => readFile(table, 'utf8').catch(() => '')));
  const inodes = new Set(tables.flatMap(parseProcNetTcp).filter((socket) => socket.port === port).map((socket) => socket.inode));
  if (inodes.size === 0) return undefined;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      const inode = socketInode(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
      if (inode && inodes.has(inode)) {
        const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
        return { pid: Number(pid), command };
      }
    }
  }
  // Listening, but by a process of another user (its fds are not ours to read).
  return { pid: null };
}

async function lsofOwner(port: number): Promise<PortOwner | undefined> {
  const run = await runProgram('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN']);
  if (!run.ok) return undefined;
  const listener = parseLsofListen(run.stdout).find((candidate) => candidate.port === port);
  if (!listener) return undefined;
  const ps = await runProgram('ps', ['-o', 'command=', '-p', String(listener.pid)]);
  return { pid: listener.pid, command: ps.ok && ps.stdout.trim() ? ps.stdout.trim() : listener.command };
}

async function netstatOwner(port: number): Promise<PortOwner | undefined> {
  const run = await runProgram('netstat', ['-ano']);
  if (!run.ok) return undefined;
  const listener = parseNetstatListen(run.stdout).find((candidate) => candidate.port === port);
  return listener ? { pid: listener.pid, command: '' } : undefined;
}

// Why: "port 8081 is taken by pid 4242 (node server.js)" beats "EADDRINUSE"; each OS answers it its own way.
export function portOwner(port: number, platform: NodeJS.Platform = process.platform): Promise<PortOwner | undefined> {
  if (platform === 'linux') return linuxOwner(port);
  if (platform === 'darwin') return lsofOwner(port);
  if (platform === 'win32') return netstatOwner(port);
  return Promise.resolve(undefined);
}
