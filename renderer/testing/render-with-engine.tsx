import { cleanup, render, type RenderResult } from '@testing-library/react';
import { userEvent, type UserEvent } from '@testing-library/user-event';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { App } from '../app/App.tsx';
import { AppProviders } from '../app/AppProviders.tsx';
import { EngineSync } from '../app/EngineSync.tsx';
import { createQueryClient } from '../data/create-query-client.ts';
import { createNoticeStore, type NoticeStore } from '../notices/notice-store.ts';
import type { ConnectionStatus } from '../transport/transport.ts';
import { createMemoryTransport, type MemoryTransport } from './memory-transport.ts';
import { createScenarioEngine, type ScenarioEngine } from './scenario-engine.ts';

export interface EngineHarness extends RenderResult {
  engine: ScenarioEngine;
  transport: MemoryTransport;
  notices: NoticeStore;
  queryClient: QueryClient;
  user: UserEvent;
}

const teardowns: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const teardown of teardowns.splice(0)) teardown();
});

// Why: a component under test talks to the scenario engine through an in-process transport, with the app's own
// providers and event sync: what a click sends reaches the engine, and what the engine emits reaches the UI.
export function renderWithEngine(ui: ReactElement, options: { engine?: ScenarioEngine; status?: ConnectionStatus } = {}): EngineHarness {
  const engine = options.engine ?? createScenarioEngine();
  const transport = createMemoryTransport(engine, options.status ?? 'active');
  const notices = createNoticeStore();
  const queryClient = createQueryClient(notices, { retry: false });
  teardowns.push(() => {
    queryClient.clear();
    transport.close();
  });
  const user = userEvent.setup();
  const result = render(
    <AppProviders transport={transport} queryClient={queryClient} notices={notices}>
      <EngineSync />
      {ui}
    </AppProviders>,
  );
  return { ...result, engine, transport, notices, queryClient, user };
}

// Why: the whole dashboard (its own cache and notices, as main.tsx builds it) over the scenario engine.
export function renderApp(options: { engine?: ScenarioEngine; status?: ConnectionStatus } = {}): Omit<EngineHarness, 'notices' | 'queryClient'> {
  const engine = options.engine ?? createScenarioEngine();
  const transport = createMemoryTransport(engine, options.status ?? 'active');
  teardowns.push(() => transport.close());
  const user = userEvent.setup();
  return { ...render(<App transport={transport} />), engine, transport, user };
}
