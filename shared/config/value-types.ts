import { z } from 'zod';

// Every variable arrives as a string; these turn it into the type the service uses, or say why not.
// Messages never quote the value: the caller may be validating a secret.

export const text = () => z.string().min(1, 'must not be empty');

// A database name goes into a URL's path, where '.' and '..' are read as the path itself (WHATWG, even as %2E):
// the name would silently vanish from DATABASE_URL.
export const databaseName = () => text().refine((value) => value !== '.' && value !== '..', "'.' and '..' cannot name a database: in a URL they are read as a path step, not a name");

export const integer = (min: number, max: number) =>
  z.string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const port = () => integer(1, 65_535);

// Seconds may be fractional so that tests can run the same code with short timings.
export const seconds = () =>
  z.string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of seconds, e.g. 2 or 0.5')
    .transform(Number)
    .pipe(z.number().positive('must be more than 0'));

export const boolean = () =>
  z.string()
    .transform((raw) => raw.trim().toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], 'must be true or false'))
    .transform((word) => ['true', '1', 'yes', 'on'].includes(word));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, `must be one of ${values.join(', ')}`);

// `user:pw@/db?host=/cloudsql/...` has no host, which the WHATWG parser refuses, yet it is how Cloud SQL is reached.
const CLOUD_SQL_SOCKET_URL = /^([a-z][a-z0-9+.-]*):\/\/[^/?#\s]*@\/[^?#\s]*\?(?:[^#\s]*&)?host=\/cloudsql\/[^&#\s]+/i;

export const url = (protocols: readonly string[]) =>
  z.string().refine((raw) => {
    const socket = CLOUD_SQL_SOCKET_URL.exec(raw);
    if (socket) return protocols.includes((socket[1] as string).toLowerCase());
    try {
      return protocols.includes(new URL(raw).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`);

// A DNS name, an IP address, or a Cloud SQL unix socket folder.
export const host = () =>
  z.string().regex(/^(\/cloudsql\/[\w.:-]+|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[?[0-9a-fA-F:]+\]?)$/,
    'must be a host name, an IP address or a /cloudsql/PROJECT:REGION:INSTANCE path');

export const logLevel = () => oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const);

// A decimal number within optional bounds (as a service's float parser reads it).
export const decimal = (min?: number, max?: number) =>
  z.string()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'must be a number, e.g. 3 or 0.5')
    .transform(Number)
    .pipe(z.number().min(min ?? -Infinity, `must be at least ${min}`).max(max ?? Infinity, `must be at most ${max}`));

// Seconds within optional bounds; fractional allowed.
export const boundedSeconds = (min?: number, max?: number) =>
  seconds().pipe(z.number().min(min ?? 0, `must be at least ${min} s`).max(max ?? Infinity, `must be at most ${max} s`));

export const email = () => z.string().email('must be an email address, e.g. ops@example.com');

export const json = () =>
  z.string().refine((raw) => {
    try {
      JSON.parse(raw);
      return true;
    } catch {
      return false;
    }
  }, 'must be valid JSON');

// Text matching a whole-value pattern; the hint says what the pattern means in words.
export const matching = (pattern: RegExp, hint: string | undefined, minLength = 1, maxLength?: number) =>
  z.string()
    .min(minLength, minLength <= 1 ? 'must not be empty' : `must be at least ${minLength} characters`)
    .max(maxLength ?? Infinity, `must be at most ${maxLength} characters`)
    .regex(pattern, hint ? `must be ${hint}` : `must match ${pattern.source}`);
