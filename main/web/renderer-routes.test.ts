import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from './testing/raw-http.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';

// A built renderer in a temp dir of its own: index.html, a script, a dotfile that must never be served, and beside
// the folder a file no request may reach.
async function builtRenderer(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'stackdeck-renderer-'));
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  await writeFile(join(parent, 'outside.txt'), 'CONTENT-OUTSIDE-ROOT');
  const dir = join(parent, 'renderer');
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("dashboard");');
  await writeFile(join(dir, '.env'), 'SECRET=1');
  return dir;
}

// The page, opened as a user does: with the token in the URL. Gives the cookie it set.
async function openPage(test: TestServer): Promise<{ response: Response; cookie: string }> {
  const response = await fetch(test.server.url);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { response, cookie };
}

describe('registerRendererRoutes: a built renderer', () => {
  it('serves index.html at / with the CSP', async () => {
    const test = await startTestServer(cleanups, { rendererDir: await builtRenderer() });
    const { response } = await openPage(test);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(INDEX);
  });

  it('serves assets to the page\'s cookie or the token, and refuses them without either', async () => {
    const test = await startTestServer(cleanups, { rendererDir: await builtRenderer() });
    const { cookie } = await openPage(test);
    expect(cookie).toMatch(/^stackdeck-page-\d+=/);

    const bare = await fetch(`${test.base}/assets/app.js`);
    expect(bare.status).toBe(401);
    const withCookie = await fetch(`${test.base}/assets/app.js`, { headers: { cookie } });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get('content-type')).toMatch(/javascript/);
    expect(withCookie.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await withCookie.text()).toBe('console.log("dashboard");');
    expect((await fetch(`${test.base}/assets/app.js?token=${test.server.token}`)).status).toBe(200);
  });

  it('never lets the page cookie reach the engine API', async () => {
    const test = await startTestServer(cleanups, { rendererDir: await builtRenderer() });
    const { cookie } = await openPage(test);
    const response = await fetch(`${test.base}/api/request`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'x', kind: 'command', body: { type: 'stop' } }),
    });
    expect(response.status).toBe(401);
  });

  it('falls back to index.html for a client-side route, and answers 404 for a missing file', async () => {
    const test = await startTestServer(cleanups, { rendererDir: await builtRenderer() });
    const route = await fetch(`${test.base}/services/auth?token=${test.server.token}`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX);
    const missing = await fetch(`${test.base}/assets/missing.js?token=${test.server.token}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found', message: 'no route GET /assets/missing.js' });
    const api = await fetch(`${test.base}/api/whatever?token=${test.server.token}`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
  });

  it('serves nothing outside the folder, nor its dotfiles', async () => {
    const test = await startTestServer(cleanups, { rendererDir: await builtRenderer() });
    for (const path of ['/..%2foutside.txt', '/assets/..%2f..%2foutside.txt', '/%2e%2e/outside.txt', '/.env']) {
      const response = await rawRequest({ port: test.server.port, path: `${path}?token=${test.server.token}`, headers: { host: `127.0.0.1:${test.server.port}` } });
      expect([403, 404], `${path} answered ${response.status}`).toContain(response.status);
      expect(response.text).not.toMatch(/CONTENT-OUTSIDE-ROOT|SECRET=1/);
    }
  });
});

describe('registerRendererRoutes: no renderer built', () => {
  it('says at / that the dashboard is not built and how to build it, with the CSP', async () => {
    const test = await startTestServer(cleanups, { rendererDir: join(tmpdir(), 'stackdeck-no-such-dir') });
    const { response } = await openPage(test);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const text = await response.text();
    expect(text).toContain('The Stackdeck dashboard is not built');
    expect(text).toContain('stackdeck-no-such-dir');
    expect(text).toContain('npx vite build');
    expect((await fetch(`${test.base}/assets/app.js?token=${test.server.token}`)).status).toBe(404);
  });

  it('serves the dashboard once it is built, without a restart', async () => {
    const dir = await builtRenderer();
    await rm(join(dir, 'index.html'));
    const test = await startTestServer(cleanups, { rendererDir: dir });
    expect(await (await openPage(test)).response.text()).toContain('not built');
    await writeFile(join(dir, 'index.html'), INDEX);
    expect(await (await openPage(test)).response.text()).toBe(INDEX);
  });
});
