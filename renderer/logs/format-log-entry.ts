import type { LogLevel, LogLine } from '../../shared/api/logs.ts';
import { formatClock } from '../ui/format.ts';
import type { LogEntry } from './log-entry.ts';

const ESC = '\x1b[';
const RESET = `${ESC}0m`;
const DIM = (text: string) => `${ESC}2m${text}${ESC}22m`;
// Per-service prefix colours (ANSI), in order of first appearance.
const SERVICE_COLOURS = [36, 35, 34, 32, 33, 96, 95, 94];
const LEVEL_COLOURS: Record<LogLevel, string> = { trace: '90', debug: '34', info: '32', warn: '33', error: '31', fatal: '1;41;97' };
// Fields a JSON logger adds to every line; shown as the level tag and the timestamp instead.
const BOILERPLATE = new Set(['level', 'time', 'timestamp', 'msg', 'message', 'pid', 'hostname', 'v']);

export interface PrefixStyle {
  // Pad service names to this width so text lines up in the combined view.
  width: number;
  colourIndex(service: string): number;
}

// Why: a log line as the terminal shows it: time, service prefix (combined view), stderr marker, then its text with
// its ANSI colours kept; a JSON line reads as "LEVEL message key=value". Always ends with CRLF.
export function formatLogEntry(entry: LogEntry, prefix: PrefixStyle | null): string {
  if (entry.kind === 'skipped') return `${ESC}33m── ${skippedText(entry)} ──${RESET}\r\n`;
  const { line } = entry;
  const head = `${DIM(formatClock(line.time, true))} ${prefix ? `${servicePrefix(line.service, prefix)} ` : ''}${streamMark(line)}`;
  const body = line.stream === 'system' ? `${ESC}2;3m${line.text}${RESET}` : (jsonBody(line) ?? line.text);
  return `${head}${body.replace(/\r?\n/g, '\r\n    ')}${RESET}\r\n`;
}

// Why: Copy gives text without escape codes, still with time and service.
export function plainLogEntry(entry: LogEntry): string {
  if (entry.kind === 'skipped') return `-- ${skippedText(entry)} --`;
  return `${formatClock(entry.line.time, true)} ${entry.line.service} ${stripAnsi(entry.line.text)}`;
}

// Why: "N lines skipped" is said, never hidden (the engine's ring buffer, a slow client, or this pane's own bound).
export function skippedText(entry: Extract<LogEntry, { kind: 'skipped' }>): string {
  const lines = `${entry.count} line${entry.count === 1 ? '' : 's'} skipped`;
  if (entry.reason === 'dashboard') return `${lines}: the dashboard could not keep up`;
  if (entry.reason === 'history') return `${entry.count} earlier line${entry.count === 1 ? '' : 's'} no longer kept${entry.service ? ` (${entry.service})` : ''}`;
  return `${lines} (${entry.service})`;
}

// Why: copied text and search terms must not carry escape sequences.
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '');
}

function servicePrefix(service: string, prefix: PrefixStyle): string {
  const colour = SERVICE_COLOURS[prefix.colourIndex(service) % SERVICE_COLOURS.length];
  return `${ESC}${colour}m${service.padEnd(prefix.width)}${ESC}39m ${DIM('│')}`;
}

function streamMark(line: LogLine): string {
  return line.stream === 'stderr' ? `${ESC}31m▌${ESC}39m` : ' ';
}

function jsonBody(line: LogLine): string | null {
  if (line.level === null || !line.text.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const message = typeof record.msg === 'string' ? record.msg : typeof record.message === 'string' ? record.message : null;
  if (message === null) return null;
  const rest = Object.entries(record)
    .filter(([key]) => !BOILERPLATE.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const tag = `${ESC}${LEVEL_COLOURS[line.level]}m${line.level.toUpperCase().padEnd(5)}${RESET}`;
  return `${tag} ${message}${rest.length > 0 ? ` ${DIM(rest.join(' '))}` : ''}`;
}
