import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describePortHolder } from './port-holder.ts';

const servers: Server[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

// A real listener on 127.0.0.1, on a port the kernel picks.
async function listen(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('describePortHolder', () => {
  it('names this process, with its command line, for a port it listens on', async () => {
    const port = await listen();
    const holder = await describePortHolder(port);
    expect(holder).toMatch(new RegExp(`^pid ${process.pid} \\(.+\\)$`));
    // The command line is cut to stay readable.
    expect(holder?.length).toBeLessThanOrEqual(`pid ${process.pid} ()`.length + 80);
  });

  it('names another process listening on the port, its long command line cut short', async () => {
    const script = `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port)); // ${'x'.repeat(100)}`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the child did not report its port within 10 s')), 10_000);
      child.stdout?.setEncoding('utf8').once('data', (text: string) => {
        clearTimeout(timer);
        resolve(Number(text.trim()));
      });
    });
    const holder = await describePortHolder(port);
    const command = `${process.execPath} -e ${script}`;
    expect(holder).toBe(`pid ${child.pid} (${command.slice(0, 77)}...)`);
  });

  it('returns undefined for a free port', async () => {
    expect(await describePortHolder(await freePort())).toBeUndefined();
  });

  it('returns undefined once the listener has closed', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = address !== null && typeof address !== 'string' ? address.port : 0;
    expect(await describePortHolder(port)).toMatch(/^pid /);
    await new Promise((resolve) => server.close(resolve));
    expect(await describePortHolder(port)).toBeUndefined();
  });
});
