import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notBuiltPage } from './not-built-page.ts';

// Why: the browser dashboard is the built renderer served from one folder, or, until it is built, a page saying how to build it.
export async function registerRendererRoutes(app: FastifyInstance, rendererDir: string | undefined): Promise<void> {
  const root = rendererDir === undefined ? undefined : resolve(rendererDir);
  if (root) await app.register(fastifyStatic, { root, serve: false, dotfiles: 'deny', index: false });

  app.get('/*', async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const path = request.params['*'];
    if (path === 'api' || path.startsWith('api/')) return reply.callNotFound();
    if (!root || !(await isFile(join(root, 'index.html')))) {
      if (path !== '' && path !== 'index.html') return reply.callNotFound();
      return reply.type('text/html; charset=utf-8').send(notBuiltPage(rendererDir));
    }
    if (path === '') return reply.sendFile('index.html');
    const file = resolve(root, path);
    if (!file.startsWith(root + sep)) return reply.callNotFound();
    if (await isFile(file)) return reply.sendFile(path);
    // A client-side route (`/services/api`) opened directly or reloaded: the app decides what it shows.
    if (extname(path) === '' && (request.headers.accept ?? '').includes('text/html')) return reply.sendFile('index.html');
    return reply.callNotFound();
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
