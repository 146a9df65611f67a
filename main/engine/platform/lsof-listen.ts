// One line of `lsof -nP -iTCP -sTCP:LISTEN`: which process listens on which port (and address).
export interface LsofListener {
  command: string;
  pid: number;
  address: string;
  port: number;
}

const LISTEN_LINE = /^(\S+)\s+(\d+)\s.*\sTCP\s+(\S+):(\d+)\s+\(LISTEN\)\s*$/;

// Why: macOS has no /proc; lsof (same columns on macOS and Linux) names the listening sockets of given pids.
export function parseLsofListen(text: string): LsofListener[] {
  const listeners: LsofListener[] = [];
  for (const line of text.split('\n')) {
    const match = LISTEN_LINE.exec(line.trimEnd());
    if (!match) continue;
    const [, command = '', pid = '', address = '', port = ''] = match;
    // lsof writes odd bytes of a command name as \xNN (a space is \x20).
    listeners.push({ command: command.replace(/\\x([0-9a-f]{2})/gi, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), pid: Number(pid), address, port: Number(port) });
  }
  return listeners;
}
