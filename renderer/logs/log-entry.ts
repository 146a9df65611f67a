import type { LogLine } from '../../shared/api/logs.ts';

// What a log pane holds and writes: a line, or a visible marker for lines that never reached it.
export type LogEntry =
  | { kind: 'line'; line: LogLine }
  | { kind: 'skipped'; service: string; count: number; reason: 'engine' | 'dashboard' | 'history' };
