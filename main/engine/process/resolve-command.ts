import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

// Why: 'node' in a stack file means the project's own Node (node_modules/.bin, Node 24), also when the launcher runs inside Electron.
export function resolveNodeBinary(root: string, path: string | undefined = process.env.PATH): string {
  const local = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (existsSync(local)) return local;
  if (!process.versions.electron) return process.execPath;
  return findOnPath('node', path) ?? 'node';
}

// The program of a stack-file command: 'node' as above, a relative path against the stack root, else a PATH lookup by the OS.
export function resolveProgram(program: string, root: string, path?: string): string {
  if (program === 'node') return resolveNodeBinary(root, path);
  if (isAbsolute(program) || !program.includes('/')) return program;
  return resolve(root, program);
}

function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
