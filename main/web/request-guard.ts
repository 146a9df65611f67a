import { pageCookieName, pageKey, readCookie } from './page-cookie.ts';
import { tokensMatch } from './token.ts';

// What the guard reads of a request: plain strings, so it is checked without a server.
export interface GuardedRequest {
  method: string;
  // Path and query as received, e.g. `/api/events?token=...`.
  url: string;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  cookie: string | undefined;
}

export interface Refusal {
  status: 401 | 403;
  error: 'missing_token' | 'wrong_token' | 'bad_authorization' | 'forbidden_host' | 'forbidden_origin';
  message: string;
}

export type TokenSource = 'header' | 'query' | 'cookie';
export type GuardVerdict = { ok: true; via: TokenSource } | { ok: false; refusal: Refusal };

// Why: one decision for every request and WebSocket upgrade: Host (DNS rebinding), then Origin (cross-site), then the token.
export function checkRequest(request: GuardedRequest, server: { port: number; token: string }): GuardVerdict {
  const allowedHosts = [`127.0.0.1:${server.port}`, `localhost:${server.port}`];
  const host = request.host?.toLowerCase();
  if (!host || !allowedHosts.includes(host)) {
    return refuse(403, 'forbidden_host',
      `${request.host ? `the Host header "${shorten(request.host)}"` : 'a missing Host header'} is not ${allowedHosts.join(' or ')}: ` +
      'this server answers only pages it served itself (DNS-rebinding defence)');
  }
  if (request.origin !== undefined) {
    const allowedOrigins = allowedHosts.map((allowed) => `http://${allowed}`);
    if (!allowedOrigins.includes(request.origin.toLowerCase())) {
      return refuse(403, 'forbidden_origin',
        `the Origin "${shorten(request.origin)}" is not ${allowedOrigins.join(' or ')}: cross-site requests and WebSockets are refused`);
    }
  }
  return checkToken(request, server);
}

function checkToken(request: GuardedRequest, server: { port: number; token: string }): GuardVerdict {
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  if (request.authorization !== undefined) {
    const bearer = /^Bearer +(\S+)$/i.exec(request.authorization.trim());
    if (!bearer?.[1]) return refuse(401, 'bad_authorization', 'the Authorization header is not "Bearer <token>"');
    return judge(tokensMatch(bearer[1], server.token), 'header');
  }
  const queryToken = queryAt < 0 ? null : new URLSearchParams(request.url.slice(queryAt + 1)).get('token');
  if (queryToken) return judge(tokensMatch(queryToken, server.token), 'query');
  // The page cookie opens static files only: an /api call must name the token itself.
  const isApi = path === '/api' || path.startsWith('/api/');
  const cookie = readCookie(request.cookie, pageCookieName(server.port));
  if (cookie && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
    return judge(tokensMatch(cookie, pageKey(server.token)), 'cookie');
  }
  return refuse(401, 'missing_token',
    'missing token: open the URL `stackdeck ui` printed (it ends in ?token=...), or send "Authorization: Bearer <token>"');
}

function judge(matches: boolean, via: TokenSource): GuardVerdict {
  if (matches) return { ok: true, via };
  const what = via === 'cookie' ? 'the page cookie is from another run of this server' : `the token in the ${via === 'header' ? 'Authorization header' : 'URL'} is not this server's`;
  return refuse(401, 'wrong_token', `wrong token: ${what}; each \`stackdeck ui\` run makes a new one, open the URL it printed`);
}

function refuse(status: Refusal['status'], error: Refusal['error'], message: string): GuardVerdict {
  return { ok: false, refusal: { status, error, message } };
}

// Header values come from the caller: quote at most a short, printable part of them.
function shorten(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 100 ? `${printable.slice(0, 100)}...` : printable;
}
