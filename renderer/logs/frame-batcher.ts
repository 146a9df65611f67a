export interface FrameBatcherOptions {
  // Hands text to the terminal; `done` is called once the terminal has parsed it.
  write(text: string, done: () => void): void;
  // Text for a marker when pending lines had to be dropped.
  describeDropped(lines: number): string;
  schedule?(callback: () => void): number;
  cancel?(handle: number): void;
  // Text waiting for the next frame; beyond it the oldest is dropped (and said so).
  maxPendingBytes?: number;
  // Text handed to the terminal and not parsed yet; beyond it flushing waits for the terminal.
  maxInFlightBytes?: number;
}

export interface FrameBatcher {
  push(text: string, lines: number): void;
  // Forgets pending text (the pane is being redrawn or cleared).
  clear(): void;
  dispose(): void;
}

// Why: log text reaches the terminal in one write per animation frame, with every buffer bounded in bytes, so a
// flooding service costs one write a frame and never an unbounded queue (Tilt #4033, process-compose #57).
export function createFrameBatcher(options: FrameBatcherOptions): FrameBatcher {
  const schedule = options.schedule ?? ((callback: () => void) => requestAnimationFrame(callback));
  const cancel = options.cancel ?? ((handle: number) => cancelAnimationFrame(handle));
  const maxPending = options.maxPendingBytes ?? 2 * 1024 * 1024;
  const maxInFlight = options.maxInFlightBytes ?? 4 * 1024 * 1024;
  let pending: { text: string; lines: number }[] = [];
  let pendingBytes = 0;
  let droppedLines = 0;
  let inFlightBytes = 0;
  let handle: number | undefined;
  let generation = 0;
  let disposed = false;

  const flush = () => {
    handle = undefined;
    if (disposed || (pending.length === 0 && droppedLines === 0)) return;
    // The terminal is still parsing: wait a frame rather than pile more on it.
    if (inFlightBytes > maxInFlight) {
      handle = schedule(flush);
      return;
    }
    const marker = droppedLines > 0 ? options.describeDropped(droppedLines) : '';
    const text = marker + pending.map((item) => item.text).join('');
    pending = [];
    pendingBytes = 0;
    droppedLines = 0;
    inFlightBytes += text.length;
    const written = generation;
    options.write(text, () => {
      if (written === generation) inFlightBytes = Math.max(0, inFlightBytes - text.length);
    });
  };

  return {
    push(text, lines) {
      if (disposed) return;
      pending.push({ text, lines });
      pendingBytes += text.length;
      while (pendingBytes > maxPending && pending.length > 1) {
        const dropped = pending.shift();
        if (!dropped) break;
        pendingBytes -= dropped.text.length;
        droppedLines += dropped.lines;
      }
      if (handle === undefined) handle = schedule(flush);
    },
    clear() {
      pending = [];
      pendingBytes = 0;
      droppedLines = 0;
      inFlightBytes = 0;
      generation++;
    },
    dispose() {
      disposed = true;
      if (handle !== undefined) cancel(handle);
      handle = undefined;
      pending = [];
    },
  };
}
