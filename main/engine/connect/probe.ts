// What every kind of probe is: one attempt at an address, within a time limit, stoppable; it resolves with what the
// server answered (a version, PONG, an HTTP status) or throws the driver's own error.
export interface ProbeOptions {
  timeoutMs: number;
  signal: AbortSignal;
}
export type Probe = (address: string, options: ProbeOptions) => Promise<string>;

// An answer retrying cannot change (a refused login, a database that does not exist): reported after one attempt, and
// a wrong password is not sent five times to a server that may lock the account.
export class FinalAnswerError extends Error {}

// Why: drivers wrap the reason (fetch's "fetch failed" holds ECONNREFUSED in its cause; a refused dual-stack connect is
// an AggregateError with an empty message): the user needs the driver's own words, all of them.
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const inner = current instanceof AggregateError ? [...new Set(current.errors.map(errorText))].join('; ') : '';
    const code = (current as { code?: unknown }).code;
    const own = current.message || inner || (typeof code === 'string' ? code : '') || current.constructor.name;
    if (!parts.some((part) => part.includes(own))) parts.push(own);
    current = current.cause;
  }
  return parts.join(': ');
}
