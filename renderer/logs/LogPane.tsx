import { useEffect, useRef, useState } from 'react';
import { useTransport } from '../app/transport-context.tsx';
import { messageOf } from '../data/create-query-client.ts';
import { useNoticeStore } from '../notices/notices-context.tsx';
import type { LevelFilter } from './level-filter.ts';
import { createLogSession, type LogSession } from './log-session.ts';
import { LogSearch } from './LogSearch.tsx';
import { LogToolbar } from './LogToolbar.tsx';
import { useLogBacklog } from './use-log-backlog.ts';
import { useXterm } from './use-xterm.ts';

// Why: one terminal for one service, or for all of them with a prefix per service. Lines go from the transport to
// the session to xterm; React renders only the toolbar, so a flooding service cannot freeze the page.
export function LogPane({ services, combined, label }: { services: readonly string[]; combined: boolean; label: string }) {
  const transport = useTransport();
  const notices = useNoticeStore();
  const host = useRef<HTMLDivElement>(null);
  const xterm = useXterm(host);
  const [session, setSession] = useState<LogSession | null>(null);
  const [level, setLevel] = useState<LevelFilter>('all');
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const servicesKey = services.join('\n');

  useEffect(() => {
    if (!xterm) return;
    const created = createLogSession({ sink: xterm.sink, services: servicesKey.split('\n').filter(Boolean), combined, onHeldChange: setHeld });
    const unsubscribe = transport.subscribe((event) => {
      if (event.type === 'log') created.ingest(event.chunk);
    });
    setSession(created);
    return () => {
      unsubscribe();
      created.dispose();
      setSession(null);
    };
  }, [xterm, transport, servicesKey, combined]);

  useLogBacklog(session, services);

  useEffect(() => {
    session?.setLevel(level);
  }, [session, level]);

  useEffect(() => {
    session?.setPaused(paused);
  }, [session, paused]);

  const copy = () => {
    if (!session || !xterm) return;
    const selection = xterm.terminal.getSelection();
    const text = selection || session.visibleText();
    const lines = text === '' ? 0 : text.split('\n').length;
    navigator.clipboard.writeText(text).then(
      () => notices.action(`copied ${lines} line${lines === 1 ? '' : 's'} of ${label}${selection ? ' (selection)' : ''}`),
      (error: unknown) => notices.error(`Copying the logs failed: ${messageOf(error)}`),
    );
  };

  return (
    <section className="log-pane" aria-label={`Logs: ${label}`}>
      <div className="log-toolbar">
        {xterm && <LogSearch search={xterm.search} label={label} />}
        <LogToolbar
          label={label}
          level={level}
          onLevel={setLevel}
          paused={paused}
          onPaused={setPaused}
          held={held}
          onClear={() => session?.clear()}
          onCopy={copy}
        />
      </div>
      <div className="log-pane__terminal" ref={host} role="region" aria-label={`Log output: ${label}`} />
    </section>
  );
}
