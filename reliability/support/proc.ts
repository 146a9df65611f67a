import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';

// Linux /proc views used to count what a launcher leaves behind: processes, descriptors, memory.

// Alive and not a zombie: a zombie holds no resources but its pid, and its parent will reap it.
export function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

// Every live process whose working directory is inside root: a stack's services and keepers run there, nothing else does.
export function processesInside(root: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if ((cwd === root || cwd.startsWith(`${root}/`)) && isAlive(Number(name))) found.push(Number(name));
    } catch {
      // Gone between the listing and the read, or not ours to inspect.
    }
  }
  return found;
}

// How many file descriptors a process holds open now.
export function openFdCount(pid: number = process.pid): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

// The ports some process listens on (IPv4 and IPv6), from the kernel's socket tables.
export function listeningPorts(): Set<number> {
  return new Set(listeningSockets().map((socket) => socket.port));
}

// The local addresses a process listens on, e.g. "127.0.0.1:43121": proof of what it is bound to.
export function listeningAddressesOf(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // Closed while we looked.
    }
  }
  return listeningSockets().filter((socket) => inodes.has(socket.inode)).map((socket) => `${socket.host}:${socket.port}`);
}

// Every listening TCP socket of the machine: host, port and the inode that ties it to a process's descriptor.
function listeningSockets(): { host: string; port: number; inode: string }[] {
  const sockets: { host: string; port: number; inode: string }[] = [];
  for (const [table, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    const text = existsSync(table) ? readFileSync(table, 'utf8') : '';
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // State 0A is LISTEN.
      if (fields[3] !== '0A' || !fields[1] || !fields[9]) continue;
      const [hexHost = '', hexPort = ''] = fields[1].split(':');
      sockets.push({ host: v6 ? hexHost : ipv4(hexHost), port: Number.parseInt(hexPort, 16), inode: fields[9] });
    }
  }
  return sockets;
}

// /proc/net/tcp writes an IPv4 address as one little-endian hex word.
function ipv4(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)).reverse();
  return bytes.join('.');
}
