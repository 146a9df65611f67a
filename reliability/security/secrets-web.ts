import type { RunningUi } from '../../e2e/support/stackdeck-ui.ts';
import type { EngineCommand, EngineQuery } from '../../shared/api/engine-contract.ts';
import type { StackState } from '../../shared/api/service-status.ts';
import { connectClient } from '../../main/web/testing/ws-client.ts';
import { LAUNCHER_LOG } from '../../main/engine/core/engine.ts';
import type { SecretScanner } from './secrets-scanner.ts';

export interface EngineAnswer {
  text: string;
  body: { ok?: boolean; result?: unknown; error?: { message?: string } };
}

let requestCount = 0;

// Why: browser mode's one endpoint, as the dashboard calls it: the raw answer is what a leak would be in.
export async function engineRequest(ui: RunningUi, kind: 'query' | 'command', body: EngineQuery | EngineCommand): Promise<EngineAnswer> {
  const url = new URL(ui.url);
  const response = await fetch(new URL('/api/request', url.origin), {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: `secrets-${++requestCount}`, kind, body }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { text, body: JSON.parse(text) as EngineAnswer['body'] };
}

// Why: the stack's state as the dashboard reads it, for bounded waits on services.
export async function stackState(ui: RunningUi): Promise<StackState> {
  return (await engineRequest(ui, 'query', { type: 'stackState' })).body.result as StackState;
}

// Why: every query type of the engine contract, for every service (and the launcher's own log): each answer is an output.
// Returns the answers by output name, for the checks that the leaker's lines were there to be redacted.
export async function scanEngineQueries(scanner: SecretScanner, ui: RunningUi, services: readonly string[]): Promise<Map<string, string>> {
  const queries: EngineQuery[] = [
    { type: 'stackState' },
    { type: 'config' },
    { type: 'agentRuns' },
    ...[...services, LAUNCHER_LOG].map((service): EngineQuery => ({ type: 'logBacklog', service, limit: 100_000 })),
    ...services.map((service): EngineQuery => ({ type: 'crashRecords', service })),
  ];
  const answers = new Map<string, string>();
  for (const query of queries) {
    const answer = await engineRequest(ui, 'query', query);
    if (answer.body.ok !== true) throw new Error(`query ${JSON.stringify(query)} failed: ${answer.text.slice(0, 300)}`);
    const output = `api query ${query.type}${'service' in query ? ` ${query.service}` : ''}`;
    scanner.scan(output, answer.text);
    answers.set(output, answer.text);
  }
  return answers;
}

export interface EventStream {
  // Every message the socket pushed, as sent.
  messages: string[];
  close(): Promise<void>;
}

// Why: the WebSocket pushes log chunks, state changes (with crash records), config diffs and agent events as they happen.
export async function watchEventStream(ui: RunningUi): Promise<EventStream> {
  const url = new URL(ui.url);
  const client = await connectClient(`ws://127.0.0.1:${url.port}/api/events?token=${url.searchParams.get('token')}`);
  const messages: string[] = [];
  client.socket.on('message', (data) => messages.push(String(data)));
  return {
    messages,
    close: async () => {
      client.socket.close();
      await Promise.race([client.closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
}

// Why: the services' own answers are outputs of this project too: /health reports dependency errors, which quote URLs.
export async function scanServiceHealth(scanner: SecretScanner, state: StackState): Promise<void> {
  for (const service of state.services) {
    if (!service.url) continue;
    const response = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(5_000) });
    scanner.scan(`service ${service.name} GET /health`, await response.text());
  }
}
