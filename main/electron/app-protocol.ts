import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './navigation-policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon',
};

// Why: the renderer is served from app://stackdeck/ with a strict CSP header, never from file:// (which the checklist warns about).
export async function serveRendererFile(rendererDir: string, requestUrl: string): Promise<Response> {
  const pathname = decodeURIComponent(new URL(requestUrl).pathname);
  const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(rendererDir + sep) || file.split(sep).some((part) => part.startsWith('.') && part.length > 1)) {
    return new Response('not found', { status: 404 });
  }
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
