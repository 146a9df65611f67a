import type { StackdeckBridge } from '../../main/electron/bridge-contract.ts';
import { createIpcTransport } from '../transport/ipc-transport.ts';
import type { Transport } from '../transport/transport.ts';
import { createWebTransport, type WebTransportOptions } from '../transport/web-transport.ts';

export type TransportChoice =
  | { kind: 'electron'; transport: Transport }
  | { kind: 'web'; transport: Transport }
  | { kind: 'missing-token' };

export interface PageHost {
  // A ready Transport put on the page by a preload, when there is one.
  stackdeck?: unknown;
  // The Electron preload's one bridge object (main/electron/preload.ts), wrapped here into the IPC transport.
  stackdeckBridge?: unknown;
  location: { href: string; origin: string };
}

export interface TransportFactories {
  web(options: WebTransportOptions): Transport;
  ipc(bridge: StackdeckBridge): Transport;
}

const FACTORIES: TransportFactories = { web: createWebTransport, ipc: createIpcTransport };

// Why: the same build runs in the Electron window (the preload exposes a bridge) and in browser mode, where the token
// comes from the page URL once and is kept in memory only.
export function pickTransport(host: PageHost, factories: TransportFactories = FACTORIES): TransportChoice {
  if (hasMethods<Transport>(host.stackdeck, ['command', 'query', 'subscribe', 'onStatus'])) return { kind: 'electron', transport: host.stackdeck };
  if (hasMethods<StackdeckBridge>(host.stackdeckBridge, ['request', 'onEvent'])) return { kind: 'electron', transport: factories.ipc(host.stackdeckBridge) };
  const token = new URL(host.location.href).searchParams.get('token');
  if (!token) return { kind: 'missing-token' };
  return { kind: 'web', transport: factories.web({ baseUrl: host.location.origin, token }) };
}

function hasMethods<T>(candidate: unknown, methods: readonly string[]): candidate is T {
  if (candidate === null || typeof candidate !== 'object') return false;
  const record = candidate as Record<string, unknown>;
  return methods.every((method) => typeof record[method] === 'function');
}
