import { beforeAll, describe, expect, it, vi } from 'vitest';
import { QueryResultSchemas, type EngineEvent } from '../../shared/api/engine-contract.ts';
import { pickTransport, type PageHost } from '../../renderer/app/pick-transport.ts';
import { createIpcTransport } from '../../renderer/transport/ipc-transport.ts';
import { createMemoryEngine } from '../web/testing/memory-engine.ts';
import { BRIDGE_GLOBAL, EVENT_CHANNEL, PICK_FOLDER_CHANNEL, REQUEST_CHANNEL, type StackdeckBridge } from './bridge-contract.ts';
import { createRequestHandler, forwardEvents } from './ipc-bridge.ts';
import { APP_URL } from './navigation-policy.ts';

// The renderer side of Electron, replaced at the module boundary: what the preload exposes and what it sends is recorded.
const fake = vi.hoisted(() => {
  type Listener = (event: unknown, payload: unknown) => void;
  const exposed: { name: string; api: unknown }[] = [];
  const listeners = new Map<string, Listener[]>();
  const state: { invoke: (channel: string, payload: unknown) => Promise<unknown> } = { invoke: async () => undefined };
  const invoked: { channel: string; payload: unknown }[] = [];
  return {
    exposed,
    listeners,
    invoked,
    state,
    // What the main process's webContents.send does, as far as this renderer is concerned.
    deliver(channel: string, payload: unknown) {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener({ senderId: 0, ports: [] }, payload);
    },
    module: {
      contextBridge: {
        exposeInMainWorld(name: string, api: unknown) {
          exposed.push({ name, api });
        },
      },
      ipcRenderer: {
        invoke(channel: string, payload: unknown) {
          invoked.push({ channel, payload });
          return state.invoke(channel, payload);
        },
        on(channel: string, listener: Listener) {
          listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
        },
        removeListener(channel: string, listener: Listener) {
          listeners.set(channel, (listeners.get(channel) ?? []).filter((candidate) => candidate !== listener));
        },
      },
    },
  };
});

vi.mock('electron', () => fake.module);

let bridge: StackdeckBridge;

beforeAll(async () => {
  await import('./preload.ts');
  bridge = fake.exposed[0]?.api as StackdeckBridge;
});

describe('preload', () => {
  it('exposes exactly one object, under the agreed name, with request, onEvent and pickFolder only', () => {
    expect(fake.exposed.map((entry) => entry.name)).toEqual([BRIDGE_GLOBAL]);
    expect(Object.keys(bridge).sort()).toEqual(['onEvent', 'pickFolder', 'request']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('sends a request on the request channel only, passing the payload untouched, and returns the answer', async () => {
    fake.state.invoke = async (channel, payload) => ({ channel, echoed: payload });
    const payload = { id: 'r1', kind: 'query', body: { type: 'stackState' } };
    expect(await bridge.request(payload)).toEqual({ channel: REQUEST_CHANNEL, echoed: payload });
    expect(fake.invoked.at(-1)).toEqual({ channel: REQUEST_CHANNEL, payload });
    expect(new Set(fake.invoked.map((call) => call.channel))).toEqual(new Set([REQUEST_CHANNEL]));
  });

  it('asks for the folder dialog on its own channel, passing nothing from the page, and the IPC transport checks the answer', async () => {
    fake.state.invoke = async (channel, payload) => (channel === PICK_FOLDER_CHANNEL && payload === undefined ? { root: '/home/ada/their-repo' } : { root: 42 });
    const transport = createIpcTransport(bridge);
    await expect(transport.pickFolder?.()).resolves.toBe('/home/ada/their-repo');
    expect(fake.invoked.at(-1)).toEqual({ channel: PICK_FOLDER_CHANNEL, payload: undefined });
    fake.state.invoke = async () => ({ root: null });
    await expect(transport.pickFolder?.()).resolves.toBeNull();
    fake.state.invoke = async () => ({ root: 42 });
    await expect(transport.pickFolder?.()).rejects.toMatchObject({ code: 'internal' });
    transport.close();
  });

  it('gives the page only the event payload, never Electron\'s event object (it carries the sender)', () => {
    const seen: unknown[][] = [];
    const stop = bridge.onEvent((...args: unknown[]) => { seen.push(args); });
    fake.deliver(EVENT_CHANNEL, { type: 'engineError', message: 'disk full' });
    fake.deliver('some-other-channel', { type: 'engineError', message: 'not for us' });
    expect(seen).toEqual([[{ type: 'engineError', message: 'disk full' }]]);
    stop();
  });

  it('unsubscribes exactly the listener it added', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = bridge.onEvent((event) => first.push(event));
    const stopSecond = bridge.onEvent((event) => second.push(event));
    expect(fake.listeners.get(EVENT_CHANNEL)).toHaveLength(2);
    stopFirst();
    fake.deliver(EVENT_CHANNEL, 'after');
    expect(first).toEqual([]);
    expect(second).toEqual(['after']);
    stopSecond();
    stopSecond();
    expect(fake.listeners.get(EVENT_CHANNEL)).toEqual([]);
  });

  it('carries the renderer\'s IPC transport to the main process handler and back, over the memory engine', async () => {
    const engine = createMemoryEngine();
    const handle = createRequestHandler(engine, () => 1, () => {});
    fake.state.invoke = (_channel, payload) => handle({ sender: { id: 1 }, senderFrame: { url: APP_URL } }, structuredClone(payload));
    const stopForwarding = forwardEvents(engine, (event) => {
      fake.deliver(EVENT_CHANNEL, structuredClone(event));
      return true;
    });

    const transport = createIpcTransport(bridge);
    const events: EngineEvent[] = [];
    transport.subscribe((event) => events.push(event));
    expect(await transport.command({ type: 'start', service: 'auth' })).toEqual({ message: 'started auth' });
    const state = QueryResultSchemas.stackState.parse(await transport.query({ type: 'stackState' }));
    expect(state.services.find((service) => service.name === 'auth')?.state).toBe('ready');
    expect(events.map((event) => event.type)).toEqual(['serviceState', 'log']);
    await expect(transport.query({ type: 'crashRecords', service: 'nope' })).rejects.toMatchObject({ code: 'unknown_service' });

    transport.close();
    stopForwarding();
    expect(fake.listeners.get(EVENT_CHANNEL)).toEqual([]);
  });

  // The page side of the contract: the renderer must find this bridge where the preload puts it (BRIDGE_GLOBAL).
  it('is found by the renderer\'s pickTransport as the page sees it', () => {
    const page: PageHost & Record<string, unknown> = { location: { href: APP_URL, origin: 'app://stackdeck' } };
    page[BRIDGE_GLOBAL] = bridge;
    const choice = pickTransport(page);
    expect(choice.kind).toBe('electron');
    if (choice.kind === 'electron') choice.transport.close();
    expect(fake.listeners.get(EVENT_CHANNEL)).toEqual([]);
  });
});
