import { readFile, readdir, readlink } from 'node:fs/promises';

// Which process listens on a port (Linux /proc): "port 8081 is taken by pid 4242 (node server.js)" beats "EADDRINUSE".
export async function describePortHolder(port: number): Promise<string | undefined> {
  try {
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      const text = await readFile(table, 'utf8').catch(() => '');
      for (const line of text.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        const local = fields[1];
        // State 0A is LISTEN.
        if (local && fields[3] === '0A' && Number.parseInt(local.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
          return `pid ${pid}${command ? ` (${command.length > 80 ? `${command.slice(0, 77)}...` : command})` : ''}`;
        }
      }
    }
    return 'another process';
  } catch {
    return undefined;
  }
}
