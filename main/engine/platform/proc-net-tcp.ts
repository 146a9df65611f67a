// One listening TCP socket of /proc/net/tcp or tcp6: its local port and the socket's inode.
export interface ProcListeningSocket {
  port: number;
  inode: string;
}

// Why: Linux says which sockets listen in /proc/net/tcp{,6} (state 0A), and which process owns one only through its inode.
export function parseProcNetTcp(text: string): ProcListeningSocket[] {
  const sockets: ProcListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const inode = fields[9];
    // State 0A is LISTEN; inode 0 is a socket no process holds any more.
    if (!local || fields[3] !== '0A' || !inode || inode === '0') continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isInteger(port) && port > 0) sockets.push({ port, inode });
  }
  return sockets;
}

// The inode of an fd link target such as "socket:[17668]", or undefined for anything else.
export function socketInode(linkTarget: string): string | undefined {
  return /^socket:\[(\d+)\]$/.exec(linkTarget)?.[1];
}
