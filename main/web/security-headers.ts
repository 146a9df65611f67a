// Why: the dashboard runs only its own scripts and talks only to this server, so an injected string cannot load or send anything.
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// Why: every answer carries these; an HTML page also gets the CSP and is never cached, since its URL may hold the token.
export function securityHeaders(port: number, isHtml: boolean): Record<string, string> {
  const always = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };
  if (!isHtml) return always;
  return { ...always, 'content-security-policy': contentSecurityPolicy(port), 'cache-control': 'no-store' };
}
