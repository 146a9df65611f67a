import { describe, expect, it } from 'vitest';
import { createMemoryEngine } from '../../main/web/testing/memory-engine.ts';
import { createMemoryTransport } from '../testing/memory-transport.ts';
import type { Transport } from '../transport/transport.ts';
import { pickTransport, type TransportFactories } from './pick-transport.ts';

function factories() {
  const made: { kind: 'web' | 'ipc'; argument: unknown }[] = [];
  const fake = createMemoryTransport(createMemoryEngine());
  const result: TransportFactories = {
    web: (options) => { made.push({ kind: 'web', argument: options }); return fake; },
    ipc: (bridge) => { made.push({ kind: 'ipc', argument: bridge }); return fake; },
  };
  return { made, result };
}

const page = (href: string) => ({ href, origin: new URL(href).origin });

describe('pickTransport', () => {
  it('uses a Transport a preload put on the page as it is', () => {
    const transport: Transport = createMemoryTransport(createMemoryEngine());
    const { made, result } = factories();
    expect(pickTransport({ stackdeck: transport, location: page('app://stackdeck/') }, result)).toEqual({ kind: 'electron', transport });
    expect(made).toEqual([]);
  });

  it('wraps the Electron preload bridge into the IPC transport', () => {
    const bridge = { request: async () => ({}), onEvent: () => () => {} };
    const { made, result } = factories();
    expect(pickTransport({ stackdeckBridge: bridge, location: page('app://stackdeck/') }, result).kind).toBe('electron');
    expect(made).toEqual([{ kind: 'ipc', argument: bridge }]);
  });

  it('in browser mode takes the token from the page URL and talks to the page origin', () => {
    const { made, result } = factories();
    expect(pickTransport({ location: page('http://127.0.0.1:4321/?token=abc_DEF-123') }, result).kind).toBe('web');
    expect(made).toEqual([{ kind: 'web', argument: { baseUrl: 'http://127.0.0.1:4321', token: 'abc_DEF-123' } }]);
  });

  it('says the token is missing rather than connect without one', () => {
    const { made, result } = factories();
    expect(pickTransport({ stackdeck: { command: 'not a function' }, location: page('http://127.0.0.1:4321/') }, result)).toEqual({ kind: 'missing-token' });
    expect(made).toEqual([]);
  });
});
