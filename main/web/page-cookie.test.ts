import { describe, expect, it } from 'vitest';
import { pageCookieHeader, pageCookieName, pageKey, readCookie } from './page-cookie.ts';
import { createToken } from './token.ts';

describe('pageKey', () => {
  it('is derived from the token, stable for it, and never the token itself', () => {
    const token = createToken();
    expect(pageKey(token)).toBe(pageKey(token));
    expect(pageKey(token)).not.toContain(token);
    expect(pageKey(createToken())).not.toBe(pageKey(token));
  });
});

describe('pageCookieHeader', () => {
  it('is HttpOnly and SameSite=Strict, named by port, for the whole site', () => {
    const token = createToken();
    const header = pageCookieHeader(4321, token);
    expect(header).toBe(`stackdeck-page-4321=${pageKey(token)}; Path=/; HttpOnly; SameSite=Strict`);
    expect(header).not.toContain(token);
    expect(pageCookieName(4321)).not.toBe(pageCookieName(4322));
  });
});

describe('readCookie', () => {
  it('finds one cookie among others and ignores malformed pairs', () => {
    expect(readCookie('a=1; stackdeck-page-1=xyz; b=2', 'stackdeck-page-1')).toBe('xyz');
    expect(readCookie('garbage; stackdeck-page-1=v', 'stackdeck-page-1')).toBe('v');
    expect(readCookie('stackdeck-page-12=v', 'stackdeck-page-1')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
    expect(readCookie('', 'x')).toBeUndefined();
  });
});
