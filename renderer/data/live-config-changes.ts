import type { QueryClient } from '@tanstack/react-query';
import type { ConfigDiff } from '../../shared/api/config-diff.ts';
import { liveKeys } from './query-keys.ts';

// A configChanged event as received: when it arrived (on this clock) and what it changed.
export interface ReceivedConfigChange {
  receivedAt: number;
  diff: ConfigDiff;
}

const KEPT = 20;

// Why: the Configuration view highlights rows an env file change touched; the event stream is the only source.
export function recordConfigChange(client: QueryClient, diff: ConfigDiff, receivedAt: number): void {
  client.setQueryData<ReceivedConfigChange[]>(liveKeys.configChanges, (before = []) => [...before, { receivedAt, diff }].slice(-KEPT));
}

// Why: which service/key pairs changed recently enough to still be highlighted.
export function recentlyChangedKeys(changes: readonly ReceivedConfigChange[], now: number, windowMs: number): Set<string> {
  const keys = new Set<string>();
  for (const change of changes) {
    if (now - change.receivedAt > windowMs) continue;
    for (const entry of change.diff.changes) keys.add(changedKey(entry.service, entry.key));
  }
  return keys;
}

// Why: one spelling of the highlight key for writers and readers.
export function changedKey(service: string, key: string): string {
  return `${service}\u0000${key}`;
}
