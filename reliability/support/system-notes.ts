import type { EngineWithWeb } from './engine-with-web.ts';

// Why: a fault's "clear message" is what the user reads in the service's log pane: the launcher's own lines about it.
export async function systemNotes(stack: EngineWithWeb, service: string): Promise<string[]> {
  const answer = await stack.request({ kind: 'query', body: { type: 'logBacklog', service, limit: 500 } });
  const lines = (answer.body as { result?: { lines?: { stream: string; text: string }[] } }).result?.lines ?? [];
  return lines.filter((line) => line.stream === 'system').map((line) => line.text);
}
