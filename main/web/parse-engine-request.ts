import type { z } from 'zod';
import { EngineRequestSchema } from '../../shared/api/engine-contract.ts';

export type ParsedEngineRequest = z.output<typeof EngineRequestSchema>;
export type ParseOutcome = { ok: true; request: ParsedEngineRequest } | { ok: false; message: string };

// Why: a request is checked against the contract before the engine sees it, and a caller learns which field was wrong.
export function parseEngineRequest(body: unknown): ParseOutcome {
  const parsed = EngineRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, message: parsed.error.issues.slice(0, 5).map((issue) => describeIssue(issue, body)).join('; ') };
}

function describeIssue(issue: z.core.$ZodIssue, body: unknown): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the request';
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    const given = valueAt(body, issue.path);
    const what = issue.discriminator === 'kind' ? 'request kind' : `${String(valueAt(body, ['kind']))} type`;
    const expected = 'options' in issue && Array.isArray(issue.options) ? `; expected one of ${issue.options.map(String).join(', ')}` : '';
    if (given === undefined) return `${where}: missing ${what}${expected}`;
    // Only a string is quoted back: an array, object or BigInt is named by its type (stringifying it may throw or be huge).
    if (typeof given !== 'string') return `${where}: the ${what} must be a string, not ${typeName(given)}${expected}`;
    return `${where}: unknown ${what} ${quote(given)}${expected}`;
  }
  if (issue.code === 'unrecognized_keys') {
    // A few keys, each cut short: a request with thousands of keys must not get them all echoed back.
    const shown = issue.keys.slice(0, MAX_KEYS_NAMED).map(quote).join(', ');
    const more = issue.keys.length > MAX_KEYS_NAMED ? ` and ${issue.keys.length - MAX_KEYS_NAMED} more` : '';
    return `${where}: Unrecognized key${issue.keys.length === 1 ? '' : 's'}: ${shown}${more}`;
  }
  return `${where}: ${issue.message}`;
}

const MAX_KEYS_NAMED = 5;

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

// Only a short excerpt of what the caller sent goes back into the message.
function quote(value: string): string {
  const text = JSON.stringify(value.slice(0, 61));
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
