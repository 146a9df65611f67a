import { LOG_LEVELS } from '../../shared/api/logs.ts';
import type { LogEntry } from './log-entry.ts';

export const LEVEL_FILTERS = [
  { id: 'all', label: 'All levels' },
  { id: 'debug', label: 'Debug and above' },
  { id: 'info', label: 'Info and above' },
  { id: 'warn', label: 'Warnings and errors' },
  { id: 'error', label: 'Errors only' },
] as const;

export type LevelFilter = (typeof LEVEL_FILTERS)[number]['id'];

// Why: JSON logs carry a level and can be filtered; lines without one (plain text) are always shown, as are skip markers.
export function passesLevel(entry: LogEntry, filter: LevelFilter): boolean {
  if (filter === 'all' || entry.kind !== 'line' || entry.line.level === null) return true;
  return LOG_LEVELS.indexOf(entry.line.level) >= LOG_LEVELS.indexOf(filter);
}
