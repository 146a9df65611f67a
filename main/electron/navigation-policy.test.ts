import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_HOST, APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isAppUrl } from './navigation-policy.ts';

describe('isAppUrl', () => {
  it('accepts our own pages on app://stackdeck/, whatever the path, query or case of the scheme', () => {
    for (const url of [APP_URL, 'app://stackdeck/', 'app://stackdeck', 'app://stackdeck/assets/index-3f2a.js?v=1#top', 'APP://stackdeck/index.html', ' app://stackdeck/index.html\n']) {
      expect(isAppUrl(url), url).toBe(true);
    }
    expect(APP_URL).toBe(`${APP_SCHEME}://${APP_HOST}/index.html`);
  });

  it('refuses look-alike hosts, other schemes and text that only contains the app URL', () => {
    for (const url of [
      'app://stackdeck.evil/', 'app://stackdeck./', 'app://stackdeck:443/', 'app://stackdeck%2eevil/', 'app://other/', 'app:///stackdeck/',
      'app:stackdeck', 'app://STACKDECK/', 'https://stackdeck/', 'http://app//stackdeck/', 'https://evil.example/?next=app://stackdeck/',
      'https://evil.example/app://stackdeck/', 'file:///etc/passwd', 'javascript:alert(1)//app://stackdeck/', 'data:text/html,app://stackdeck/',
      'about:blank', 'devtools://devtools/bundled/inspector.html', '', ' ', 'app://', 'stackdeck',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows plain http(s) pages, also with upper-case schemes and surrounding whitespace the URL parser strips', () => {
    for (const url of [
      'http://example.com', 'https://example.com/docs?q=1#x', 'HTTPS://EXAMPLE.COM/x', 'Http://example.com', ' https://example.com ', '\thttps://example.com\n',
      'http://127.0.0.1:8081/health', 'http://[::1]:8000/', 'https://例え.jp/', 'https://example.com/@not-a-credential',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(true);
    }
  });

  it('refuses script, data, file and every other scheme the system would hand to a program', () => {
    for (const url of [
      'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd', 'FILE:///C:/Windows/System32/calc.exe', 'ftp://example.com/', 'ws://example.com/', 'blob:https://example.com/uuid',
      'smb://host/share', 'vscode://file/etc/passwd', 'ms-msdt:/id PCWDiagnostic', 'mailto:a@example.com', 'app://stackdeck/index.html', 'chrome://settings',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses URLs carrying credentials, in any spelling', () => {
    for (const url of ['http://user:pw@host', 'https://user@example.com/', 'http://:pw@host/', 'HTTPS://ADMIN:secret@EXAMPLE.COM', 'http://a%40b@host/', 'https://user:@example.com']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses what does not parse as an absolute URL', () => {
    for (const url of ['', ' ', 'https:', 'https://', '//example.com', 'example.com', '/relative/path', 'https://exa mple.com', 'http://[::1/', 'http://%zz/']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  // A model built from the URL's parts, independent of the implementation: the scheme decides, then the credentials.
  it('is true exactly for http(s) URLs without credentials (property)', () => {
    const scheme = fc.constantFrom('http', 'https', 'HTTP', 'HttpS', 'javascript', 'data', 'file', 'ftp', 'app', 'ws', 'wss', 'blob', 'mailto', 'httpx', 'shttp');
    const host = fc.oneof(fc.domain(), fc.ipV4(), fc.constant('localhost'), fc.constant('[::1]'));
    const credentials = fc.option(fc.record({ user: fc.stringMatching(/^[a-z0-9]{0,8}$/), password: fc.option(fc.stringMatching(/^[a-z0-9]{1,8}$/), { nil: undefined }) }), { nil: undefined });
    const path = fc.webPath();
    fc.assert(fc.property(scheme, credentials, host, path, (s, creds, h, p) => {
      const userinfo = creds === undefined ? '' : `${creds.user}${creds.password === undefined ? '' : `:${creds.password}`}@`;
      const url = `${s}://${userinfo}${h}${p}`;
      const hasCredentials = creds !== undefined && (creds.user !== '' || creds.password !== undefined);
      const expected = ['http', 'https'].includes(s.toLowerCase()) && !hasCredentials;
      expect(isAllowedExternalUrl(url), url).toBe(expected);
    }), { numRuns: 500 });
  });

  it('never allows anything whose parsed form is not http(s) without credentials (property, arbitrary text)', () => {
    const text = fc.oneof(fc.string(), fc.webUrl({ withFragments: true, withQueryParameters: true, authoritySettings: { withUserInfo: true, withPort: true } }));
    fc.assert(fc.property(text, (raw) => {
      if (!isAllowedExternalUrl(raw)) return;
      const url = new URL(raw);
      expect(['http:', 'https:']).toContain(url.protocol);
      expect(url.username).toBe('');
      expect(url.password).toBe('');
    }), { numRuns: 1_000 });
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));

  it('allows no eval and no inline or remote scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it('names no remote source: no scheme sources other than data: for images, no hosts, no wildcard', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        const allowed = value === "'self'" || value === "'none'" || (value === "'unsafe-inline'" && name === 'style-src') || (value === 'data:' && name === 'img-src');
        expect(allowed, `${name} ${value}`).toBe(true);
      }
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\*|https?:|wss?:|blob:|filesystem:/);
  });

  it('closes plugins, base URL tricks, form posts and framing', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('is one header line: no line breaks or commas that would split it', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/[\r\n,]/);
  });
});
