import { createHmac } from 'node:crypto';

// A page opened with ?token= loads its scripts and styles with plain <script src> requests, which carry no token.
// The server answers that page with a cookie holding a key derived from the token: HttpOnly (no script reads it),
// SameSite=Strict, and accepted only for static GETs, never for /api. Stolen, it would unlock no engine call.

// Why: cookies are shared by every port of a host; one name per port keeps two `stackdeck ui` runs apart.
export function pageCookieName(port: number): string {
  return `stackdeck-page-${port}`;
}

// Why: the cookie carries a key derived from the token, not the token, so it can never be replayed against /api.
export function pageKey(token: string): string {
  return createHmac('sha256', token).update('stackdeck static files').digest('base64url');
}

// Why: the Set-Cookie header a page gets when it was opened with a valid ?token=.
export function pageCookieHeader(port: number, token: string): string {
  return `${pageCookieName(port)}=${pageKey(token)}; Path=/; HttpOnly; SameSite=Strict`;
}

// Why: reads one cookie from a Cookie header without a cookie library; malformed pairs are ignored.
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
