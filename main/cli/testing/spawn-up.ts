import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

export interface RunningUp {
  child: ChildProcess;
  // Every JSON line printed so far, parsed, in order.
  events: Record<string, unknown>[];
  exited: Promise<number | null>;
}

// `stackdeck up --json` as a user runs it: a real launcher process whose JSON lines are read as they come.
export function spawnUp(root: string, env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: root }): RunningUp {
  const child = spawn(process.execPath, [BIN, 'up', '--json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) events.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, events, exited };
}
