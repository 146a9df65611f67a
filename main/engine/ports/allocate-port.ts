import { createServer } from 'node:net';
import getPort from 'get-port';
import type { StackServiceSpec } from '../../../shared/stack/stack-file-schema.ts';
import { connectOutcome } from './connect-outcome.ts';
import { describePortHolder } from './port-holder.ts';

export type PortAllocation =
  | { ok: true; port: number; warning?: string }
  | { ok: false; message: string };

// Why: the preferred port when free; when taken, another free port with a warning, or a clear conflict, as the stack file says.
export async function allocatePort(service: string, spec: NonNullable<StackServiceSpec['port']>, reserved: ReadonlySet<number>): Promise<PortAllocation> {
  const exclude = [...reserved];
  if (spec.preferred === undefined) return { ok: true, port: await getPort({ host: '127.0.0.1', exclude }) };
  if (reserved.has(spec.preferred)) {
    const message = `${service}'s preferred port ${spec.preferred} is already given to another service of this stack`;
    if (spec.ifTaken === 'fail') return { ok: false, message };
    return { ok: true, port: await getPort({ host: '127.0.0.1', exclude }), warning: message };
  }
  // Bound directly: get-port remembers ports it handed out for a while, and would refuse a service its own port on restart.
  if (await isFree(spec.preferred)) return { ok: true, port: spec.preferred };
  const port = await getPort({ host: '127.0.0.1', exclude: [...exclude, spec.preferred] });
  const holder = await describePortHolder(spec.preferred);
  const taken = `port ${spec.preferred} is taken${holder ? ` by ${holder}` : ''}`;
  if (spec.ifTaken === 'fail') return { ok: false, message: `${service} is pinned to ${taken}; stop it, or set "ifTaken": "another" in stackdeck.json` };
  return { ok: true, port, warning: `${taken}, so ${service} got port ${port}` };
}

const CONNECT_TIMEOUT_MS = 500;

// Free when nothing answers a connection on 127.0.0.1 (a listener on 0.0.0.0 or :: answers there too); when that cannot be
// told, when we can listen on it ourselves. The connection is refused at once when nothing listens, and spares the first
// start Node's first listen on a host, ~10 ms (listen checks the address against Node's IPv6 pattern, compiled at first use).
// On Windows a refused local connection takes a second or more (the SYN is retried), so there the listen answers alone.
async function isFree(port: number): Promise<boolean> {
  if (process.platform !== 'win32') {
    const answer = await connectOutcome('127.0.0.1', port, CONNECT_TIMEOUT_MS);
    if (answer !== 'unclear') return answer === 'refused';
  }
  return canListen(port);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
