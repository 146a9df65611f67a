import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './navigation-policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon',
};

// Why: the renderer is served from app://stackdeck/ with a strict CSP header, never from file:// (which the checklist warns about).
export async function serveRendererFile(rendererDir: string, requestUrl: string): Promise<Response> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return notFound();
  }
  const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(rendererDir + sep) || file.split(sep).some((part) => part.startsWith('.') && part.length > 1)) return notFound();
  try {
    return new Response(await readFile(file), { headers: headers(TYPES[extname(file)] ?? 'application/octet-stream') });
  } catch {
    return notFound();
  }
}

// Every answer, a 404 included, carries the CSP and nosniff.
export function notFound(): Response {
  return new Response('not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
}

function headers(contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
}
