import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import { useEffect, useState, type RefObject } from 'react';
import { useDarkMode } from '../ui/use-dark-mode.ts';
import type { TerminalSink } from './log-session.ts';
import { terminalTheme } from './terminal-theme.ts';

export interface Xterm {
  terminal: Terminal;
  search: SearchAddon;
  sink: TerminalSink;
}

const FONT = 'ui-monospace, "SF Mono", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
const HIDE_CURSOR = '\x1b[?25l';

// Why: a read-only terminal for logs (xterm renders append-only text far better than React rows: Tilt #4033), fitted
// to its box, with search and clickable links, themed with the OS.
export function useXterm(container: RefObject<HTMLDivElement | null>): Xterm | null {
  const [xterm, setXterm] = useState<Xterm | null>(null);
  const dark = useDarkMode();

  useEffect(() => {
    const host = container.current;
    if (!host) return;
    const terminal = new Terminal({
      allowProposedApi: true,
      disableStdin: true,
      convertEol: false,
      cursorBlink: false,
      scrollback: 10_000,
      fontFamily: FONT,
      fontSize: 12,
      lineHeight: 1.25,
      theme: terminalTheme(matchMedia('(prefers-color-scheme: dark)').matches),
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.loadAddon(new WebLinksAddon((_event, uri) => { window.open(uri, '_blank', 'noopener,noreferrer'); }));
    terminal.open(host);
    terminal.write(HIDE_CURSOR);

    let frame: number | undefined;
    const refit = () => {
      if (frame !== undefined) return;
      frame = requestAnimationFrame(() => {
        frame = undefined;
        try {
          fit.fit();
        } catch {
          // A box with no size yet (hidden, or not laid out): the next resize fits it.
        }
      });
    };
    refit();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(refit) : undefined;
    observer?.observe(host);

    const sink: TerminalSink = {
      write: (text, done) => terminal.write(text, done),
      reset: () => {
        terminal.reset();
        terminal.write(HIDE_CURSOR);
      },
      scrollToBottom: () => terminal.scrollToBottom(),
    };
    setXterm({ terminal, search, sink });
    return () => {
      observer?.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
      setXterm(null);
      terminal.dispose();
    };
  }, [container]);

  useEffect(() => {
    if (xterm) xterm.terminal.options.theme = terminalTheme(dark);
  }, [xterm, dark]);

  return xterm;
}
