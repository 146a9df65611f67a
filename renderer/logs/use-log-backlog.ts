import { useQueries } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { LogChunk } from '../../shared/api/logs.ts';
import { useTransport } from '../app/transport-context.tsx';
import { logBacklogQuery } from '../data/engine-queries.ts';
import type { LogSession } from './log-session.ts';

// Why: a pane starts from the engine's backlog (queried when it opens, and again after a reconnect); the lines stay
// in the cache briefly and go to the terminal, never into component state.
export function useLogBacklog(session: LogSession | null, services: readonly string[]): void {
  const transport = useTransport();
  const results = useQueries({ queries: services.map((service) => logBacklogQuery(transport, service)) });
  const settled = results.every((result) => !result.isPending && !result.isFetching);
  const stamp = results.map((result) => `${result.dataUpdatedAt}/${result.errorUpdatedAt}`).join(',');
  const latest = useRef({ results, services });
  useEffect(() => {
    latest.current = { results, services };
  });

  useEffect(() => {
    if (!session || !settled) return;
    const chunks: LogChunk[] = [];
    const failed: string[] = [];
    const current = latest.current;
    current.results.forEach((result, index) => {
      if (result.data) chunks.push(result.data);
      else failed.push(current.services[index] ?? 'a service');
    });
    session.loadBacklog(chunks, failed);
    // `stamp` stands for the results: a new fetch (after a reconnect) redraws the pane.
  }, [session, settled, stamp]);
}
