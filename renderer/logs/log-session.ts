import type { LogChunk, LogLine } from '../../shared/api/logs.ts';
import { createFrameBatcher, type FrameBatcherOptions } from './frame-batcher.ts';
import { formatLogEntry, plainLogEntry, type PrefixStyle } from './format-log-entry.ts';
import { passesLevel, type LevelFilter } from './level-filter.ts';
import type { LogEntry } from './log-entry.ts';
import { createRetainedEntries } from './retained-entries.ts';

// Where a session writes: an xterm in the app, a string in unit tests.
export interface TerminalSink {
  write(text: string, done: () => void): void;
  // Empties the screen and its scrollback.
  reset(): void;
  scrollToBottom(): void;
}

export interface LogSessionOptions {
  sink: TerminalSink;
  // The services this pane shows; a combined pane shows any service's chunk (the launcher's own lines too).
  services: readonly string[];
  combined: boolean;
  // Called at most once a frame with how many lines arrived while paused.
  onHeldChange?(held: number): void;
  schedule?: FrameBatcherOptions['schedule'];
  cancel?: FrameBatcherOptions['cancel'];
  maxRetainedEntries?: number;
}

export interface LogSession {
  // The engine's backlog for each service (and which could not be loaded): the pane is redrawn from it.
  loadBacklog(chunks: readonly LogChunk[], failed?: readonly string[]): void;
  ingest(chunk: LogChunk): void;
  setLevel(filter: LevelFilter): void;
  setPaused(paused: boolean): void;
  clear(): void;
  // What Copy copies: the kept lines that pass the filter, without escape codes.
  visibleText(): string;
  dispose(): void;
}

const MAX_QUEUED_CHUNKS = 5_000;

// Why: everything a log pane does with lines lives outside React: backlog then live lines without duplicates (by
// sequence number), skipped markers, level filter, pause, and batched writes; React renders the toolbar only.
export function createLogSession(options: LogSessionOptions): LogSession {
  const { sink } = options;
  const retained = createRetainedEntries(options.maxRetainedEntries);
  const lastSeq = new Map<string, number>();
  const order = [...options.services];
  const prefix: PrefixStyle | null = options.combined
    ? {
      width: Math.max(6, ...options.services.map((service) => service.length)),
      colourIndex: (service) => {
        if (!order.includes(service)) order.push(service);
        return order.indexOf(service);
      },
    }
    : null;
  let queued: LogChunk[] | null = [];
  let level: LevelFilter = 'all';
  let paused = false;
  let held = 0;
  let heldNotice: number | undefined;
  let onHeldChange = options.onHeldChange;
  const schedule = options.schedule ?? ((callback: () => void) => requestAnimationFrame(callback));

  const batcher = createFrameBatcher({
    write: (text, done) => {
      sink.write(text, done);
      if (!paused) sink.scrollToBottom();
    },
    describeDropped: (lines) => formatLogEntry({ kind: 'skipped', service: '', count: lines, reason: 'dashboard' }, null),
    schedule: options.schedule,
    cancel: options.cancel,
  });

  const accepts = (service: string) => options.combined || options.services.includes(service);
  const format = (entries: readonly LogEntry[]) => entries.filter((entry) => passesLevel(entry, level)).map((entry) => formatLogEntry(entry, prefix));

  const write = (entries: readonly LogEntry[]) => {
    const texts = format(entries);
    if (texts.length > 0) batcher.push(texts.join(''), texts.length);
  };

  // Everything kept is written again, so nothing is held any more.
  const redraw = () => {
    if (held > 0) {
      held = 0;
      onHeldChange?.(0);
    }
    batcher.clear();
    sink.reset();
    const dropped = retained.dropped();
    write([...(dropped > 0 ? [{ kind: 'skipped', service: '', count: dropped, reason: 'history' } as const] : []), ...retained.all()]);
  };

  const notifyHeld = () => {
    if (!onHeldChange || heldNotice !== undefined) return;
    heldNotice = schedule(() => {
      heldNotice = undefined;
      onHeldChange?.(held);
    });
  };

  // New lines of a chunk only: the backlog and the live stream overlap, and a reconnect replays.
  const entriesOf = (chunk: LogChunk): LogEntry[] => {
    const fresh: LogLine[] = [];
    for (const line of chunk.lines) {
      if (line.seq <= (lastSeq.get(line.service) ?? -1)) continue;
      lastSeq.set(line.service, line.seq);
      fresh.push(line);
    }
    const marker: LogEntry[] = chunk.skipped > 0 ? [{ kind: 'skipped', service: chunk.service, count: chunk.skipped, reason: 'engine' }] : [];
    return [...marker, ...fresh.map((line): LogEntry => ({ kind: 'line', line }))];
  };

  const append = (chunk: LogChunk) => {
    const entries = entriesOf(chunk);
    if (entries.length === 0) return;
    retained.push(entries);
    if (paused) {
      held += entries.length;
      notifyHeld();
    } else {
      write(entries);
    }
  };

  return {
    loadBacklog(chunks, failed = []) {
      lastSeq.clear();
      const backlogEntries: LogEntry[] = [];
      const lines: LogLine[] = [];
      for (const chunk of chunks) {
        if (!accepts(chunk.service)) continue;
        // Lines the engine's ring no longer holds, before the oldest it sent.
        if (chunk.skipped > 0) backlogEntries.push({ kind: 'skipped', service: chunk.service, count: chunk.skipped, reason: 'history' });
        lines.push(...chunk.lines);
      }
      lines.sort((a, b) => a.time - b.time);
      for (const line of lines) {
        const previous = lastSeq.get(line.service);
        if (previous !== undefined && line.seq <= previous) continue;
        // A hole in the numbering is lines that never reached the backlog: said, not hidden.
        if (previous !== undefined && line.seq > previous + 1) backlogEntries.push({ kind: 'skipped', service: line.service, count: line.seq - previous - 1, reason: 'engine' });
        lastSeq.set(line.service, line.seq);
        backlogEntries.push({ kind: 'line', line });
      }
      for (const service of failed) {
        backlogEntries.push({ kind: 'line', line: { service, seq: -1, time: Date.now(), stream: 'system', text: `the earlier lines of ${service} could not be loaded`, level: null } });
      }
      retained.replace(backlogEntries);
      const waiting = queued ?? [];
      queued = null;
      for (const chunk of waiting) retained.push(entriesOf(chunk));
      redraw();
    },
    ingest(chunk) {
      if (!accepts(chunk.service)) return;
      if (queued) {
        if (queued.length < MAX_QUEUED_CHUNKS) queued.push(chunk);
        return;
      }
      append(chunk);
    },
    setLevel(next) {
      if (next === level) return;
      level = next;
      redraw();
    },
    setPaused(next) {
      if (next === paused) return;
      paused = next;
      if (!paused) redraw();
    },
    clear() {
      retained.clear();
      if (held > 0) {
        held = 0;
        onHeldChange?.(0);
      }
      batcher.clear();
      sink.reset();
    },
    visibleText: () => retained.all().filter((entry) => passesLevel(entry, level)).map(plainLogEntry).join('\n'),
    dispose() {
      batcher.dispose();
      onHeldChange = undefined;
    },
  };
}
