import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../main/engine/testing/test-stack.ts';
import { fixturePath } from './fixture-path.ts';

export type Wrapper = 'direct' | 'npx' | 'npm-run' | 'sh';

export interface RunningWrappedUp {
  // The process a user (an IDE, `timeout`, a supervisor) would signal: the launcher itself, or npx / npm / sh around it.
  child: ChildProcess;
  // The launcher's JSON lines so far; other lines (a wrapper's own) are skipped.
  events: Record<string, unknown>[];
  exited: Promise<void>;
}

// The demo stack as stackdeck.json declares it (the real auth and backend, their commands and schemas made absolute so the stack can
// live in a fresh folder), plus a Python service: what a team's mixed stack looks like.
export function realStackFiles(): Record<string, string> {
  const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'stackdeck.json'), 'utf8')) as { services: Record<string, { command: string[]; schema?: string }> };
  const services: Record<string, object> = {};
  const fromRepository = (part: string) => (part.startsWith('services/') ? join(REPO_ROOT, part) : part);
  for (const [name, spec] of Object.entries(demo.services)) {
    services[name] = { ...spec, command: spec.command.map(fromRepository), ...(spec.schema ? { schema: fromRepository(spec.schema) } : {}) };
  }
  services.py = { command: ['python3', fixturePath('python-service.py')], envDir: 'py', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 30 } };
  return { 'stackdeck.json': JSON.stringify({ services }, null, 2) };
}

// `stackdeck up --json --root <root>` started as a user starts it: directly, or through `npx stackdeck`, `npm run stackdeck --`
// or a shell that stays around it (`sh -c '...; ...'`), from the project folder where npm finds the command.
export function spawnWrappedUp(root: string, wrapper: Wrapper): RunningWrappedUp {
  const up = ['up', '--json', '--root', root];
  const [command, args]: [string, string[]] = wrapper === 'npx' ? ['npx', ['stackdeck', ...up]]
    : wrapper === 'npm-run' ? ['npm', ['run', '--silent', 'stackdeck', '--', ...up]]
      : wrapper === 'sh' ? ['sh', ['-c', `node main/cli/bin.js ${up.join(' ')}; echo "stackdeck exited with $?" >&2`]]
        : [process.execPath, ['main/cli/bin.js', ...up]];
  const env = { PATH: `${join(REPO_ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME, LANG: 'C.UTF-8', npm_config_update_notifier: 'false' };
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{')) events.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, events, exited };
}

// Every process below pid now (children, theirs, ...), from /proc: what must be gone once the stack has stopped.
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const next = children.get(queue.shift() ?? -1) ?? [];
    found.push(...next);
    queue = [...queue, ...next];
  }
  return found;
}
