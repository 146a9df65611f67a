export const APP_SCHEME = 'app';
export const APP_HOST = 'stackdeck';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

// Our own pages: app://stackdeck/... and nothing else (parsed, never matched as text).
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

// Links a user may open outside the app: plain http(s) pages, which the system browser shows.
export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

// The CSP of the app's pages (served by the app:// handler): no inline scripts, no remote code.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
