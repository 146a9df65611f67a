import { createByteRedactor, type ByteRedactor } from './redact-bytes.ts';

export const REDACTED = '***';
// Shorter values (`true`, `5432`, `dev`) would blank out ordinary words all over the log.
export const MIN_SECRET_LENGTH = 6;

export interface Redactor {
  // How many distinct values it looks for: 0 means it returns text untouched.
  readonly size: number;
  // The longest value it looks for, in characters: text that may still be growing must hold back one less than this.
  readonly longest: number;
  redact(text: string): string;
  // The same on valid UTF-8 bytes (and their latin1 reading, where they are searched): the bytes themselves when nothing was
  // masked, else a view valid until the next call.
  readonly redactBytes: ByteRedactor;
}

const NOTHING_TO_REDACT: Redactor = { size: 0, longest: 0, redact: (text) => text, redactBytes: (bytes) => bytes };

// Why: a service may print its own secrets (a connection string, a token); the launcher must not show or store them.
// minLength: a short error text (a driver's) may be redacted down to one character, where a log could not be.
export function createRedactor(secretValues: Iterable<string>, options: { minLength?: number } = {}): Redactor {
  const needles = secretNeedles(secretValues, options.minLength);
  if (needles.length === 0) return NOTHING_TO_REDACT;
  // One alternation, longest first, so a secret that contains another is replaced whole, in one pass over the text.
  const pattern = new RegExp(needles.map(escapeRegExp).join('|'), 'g');
  return { size: needles.length, longest: needles[0]?.length ?? 0, redact: (text) => text.replace(pattern, REDACTED), redactBytes: createByteRedactor(needles, REDACTED) };
}

// Why: text is redacted line by line, so a multi-line secret (a PEM key) is looked for line by line, and short values not at all.
export function secretNeedles(secretValues: Iterable<string>, minLength = MIN_SECRET_LENGTH): string[] {
  const needles = new Set<string>();
  for (const value of secretValues) {
    for (const part of value.split(/\r?\n/)) if (part.length >= Math.max(1, minLength)) needles.add(part);
  }
  return [...needles].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

// Why: a secret is matched as literal text, whatever characters it holds.
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
