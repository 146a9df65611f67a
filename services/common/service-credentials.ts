import { timingSafeEqual } from 'node:crypto';

// How one service proves itself to another: its id and the stack's shared secret, in two headers.
export const SERVICE_ID_HEADER = 'x-service-id';
export const SERVICE_SECRET_HEADER = 'x-service-secret';
// What a caller may call itself: a name like a service's (SERVICE_ID defaults to it), not empty, no spaces, 64 at most.
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function serviceHeaders(serviceId: string, serviceSecret: string): Record<string, string> {
  return { [SERVICE_ID_HEADER]: serviceId, [SERVICE_SECRET_HEADER]: serviceSecret };
}

// Constant-time, so a caller cannot learn the secret a byte at a time from response timings.
export function secretsMatch(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
