import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { serveRendererFile } from './app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from './navigation-policy.ts';

// A real folder: the renderer build, and next to it files that must never be served.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let root: string;
let rendererDir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir: root, cleanup } = makeTempDir({
    'renderer/index.html': '<!doctype html><title>Stackdeck</title><div id="root"></div>',
    'renderer/assets/index-3f2a.js': 'console.log("dashboard")',
    'renderer/assets/index-3f2a.css': 'body { margin: 0 }',
    'renderer/assets/index-3f2a.js.map': '{"version":3}',
    'renderer/assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'renderer/assets/font.woff2': 'wOF2',
    'renderer/assets/icon.png': PNG,
    'renderer/favicon.ico': 'ico',
    'renderer/manifest.json': '{}',
    'renderer/.env': 'SECRET=in-a-dotfile',
    'renderer/assets/.hidden/inner.js': 'hidden',
    'renderer/.git/config': '[core]',
    'secret.txt': 'outside the renderer folder',
    'renderer-secret/file.txt': 'a sibling folder sharing the prefix',
  }));
  rendererDir = join(root, 'renderer');
});

afterAll(() => cleanup());

const serve = (path: string) => serveRendererFile(rendererDir, `app://stackdeck${path}`);

function expectHardened(response: Response, what: string): void {
  expect(response.headers.get('content-security-policy'), what).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
}

describe('serveRendererFile', () => {
  it('serves index.html at / and by name, as UTF-8 HTML', async () => {
    for (const path of ['/', '/index.html', '/index.html?from=menu#top']) {
      const response = await serve(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(await response.text(), path).toContain('<div id="root"></div>');
    }
  });

  it('serves each asset with its content type, byte for byte', async () => {
    const expected: Record<string, string> = {
      '/assets/index-3f2a.js': 'text/javascript',
      '/assets/index-3f2a.css': 'text/css',
      '/assets/logo.svg': 'image/svg+xml',
      '/assets/font.woff2': 'font/woff2',
      '/assets/icon.png': 'image/png',
      '/favicon.ico': 'image/x-icon',
      '/manifest.json': 'application/json',
      '/assets/index-3f2a.js.map': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await serve(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(type);
    }
    expect(Buffer.from(await (await serve('/assets/icon.png')).arrayBuffer())).toEqual(PNG);
    expect(await (await serve('/assets/index-3f2a.js')).text()).toBe('console.log("dashboard")');
  });

  it('decodes percent-encoded names of real files', async () => {
    const response = await serve('/assets/index%2D3f2a.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log("dashboard")');
  });

  it('puts the CSP and nosniff on every file it serves', async () => {
    for (const path of ['/', '/assets/index-3f2a.js', '/assets/index-3f2a.css', '/assets/logo.svg', '/assets/index-3f2a.js.map']) {
      const response = await serve(path);
      expect(response.status, path).toBe(200);
      expectHardened(response, path);
    }
  });

  it('answers 404 for path traversal in every spelling, without reading outside the folder', async () => {
    const attempts = [
      '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/%2e%2e%2fsecret.txt', '/assets/..%2f..%2fsecret.txt',
      '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/..%5csecret.txt', '/%2e%2e%2frenderer-secret%2ffile.txt', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      `/${encodeURIComponent(join(root, 'secret.txt'))}`,
    ];
    for (const path of attempts) {
      const response = await serve(path);
      expect(response.status, path).toBe(404);
      const body = await response.text();
      expect(body, path).not.toContain('outside the renderer folder');
      expect(body, path).not.toContain('sibling folder');
    }
  });

  it('answers 404 for dotfiles and dot-folders, also percent-encoded', async () => {
    for (const path of ['/.env', '/%2eenv', '/%2Eenv', '/.git/config', '/%2egit/config', '/assets/.hidden/inner.js', '/assets/%2ehidden/inner.js']) {
      const response = await serve(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toMatch(/SECRET|hidden|\[core\]/);
    }
  });

  it('answers 404 for missing files, folders and names with a NUL byte', async () => {
    for (const path of ['/missing.js', '/assets', '/assets/', '/index.html%00.js', '/assets/index-3f2a.js%00']) {
      expect((await serve(path)).status, path).toBe(404);
    }
  });

  // Regression: a malformed escape threw URIError instead of answering 404.
  it('answers 404 for a malformed percent-escape', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%zz.js']) {
      expect((await serve(path)).status, path).toBe(404);
    }
  });

  // Regression: the 404 answers lacked the headers the 200s carry.
  it('puts the CSP and nosniff on the 404 answers too', async () => {
    for (const path of ['/missing.js', '/../secret.txt', '/.env']) {
      const response = await serve(path);
      expect(response.status, path).toBe(404);
      expectHardened(response, path);
    }
  });
});
