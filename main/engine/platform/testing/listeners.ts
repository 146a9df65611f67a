import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';

// Real listening processes for the platform tests, each killed (with its process group) after the test that started it.
export function listenersForEachTest() {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  // Starts a program in a process group of its own; resolves with it and the first line matching `portLine` (its port).
  return async function startListener(program: string, args: string[], portLine: RegExp, env: Record<string, string> = {}): Promise<{ pid: number; port: number }> {
    const child = spawn(program, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONUNBUFFERED: '1', ...env } });
    children.push(child);
    let seen = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${program} did not print its port within 10 s; it printed: ${seen}`)), 10_000);
      const look = (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        const match = portLine.exec(seen);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on('data', look);
      child.stderr?.on('data', look);
      child.once('error', reject);
    });
    if (child.pid === undefined) throw new Error('no pid');
    return { pid: child.pid, port };
  };
}

// python3 -m http.server on a port the kernel picks, started through a shell (so the listener is a child of the pid we hold).
export const PYTHON_HTTP_SERVER_IN_SHELL: [string, string[], RegExp] = ['sh', ['-c', 'python3 -m http.server 0 --bind 127.0.0.1; exit 0'], /port (\d+)/];
