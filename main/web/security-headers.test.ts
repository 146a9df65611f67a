import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers.ts';

describe('contentSecurityPolicy', () => {
  it('allows only this server, and WebSockets to this port on both loopback names', () => {
    const directives = new Map(contentSecurityPolicy(4321).split('; ').map((directive) => {
      const [name = '', ...values] = directive.split(' ');
      return [name, values.join(' ')];
    }));
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self' ws://127.0.0.1:4321 ws://localhost:4321");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives.get('img-src')).toBe("'self' data:");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
  });
});

describe('securityHeaders', () => {
  it('gives every answer nosniff and no-referrer, and an HTML page also the CSP and no-store', () => {
    const json = securityHeaders(80, false);
    expect(json).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    expect(json['content-security-policy']).toBeUndefined();
    const html = securityHeaders(80, true);
    expect(html).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
    expect(html['content-security-policy']).toBe(contentSecurityPolicy(80));
  });
});
