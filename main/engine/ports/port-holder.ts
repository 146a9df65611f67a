import { portOwner } from '../platform/port-owner.ts';

// Which process listens on a port: "port 8081 is taken by pid 4242 (node server.js)" beats "EADDRINUSE".
export async function describePortHolder(port: number): Promise<string | undefined> {
  try {
    const owner = await portOwner(port);
    if (!owner) return undefined;
    if (owner.pid === null) return 'another process';
    const { command } = owner;
    return `pid ${owner.pid}${command ? ` (${command.length > 80 ? `${command.slice(0, 77)}...` : command})` : ''}`;
  } catch {
    return undefined;
  }
}
