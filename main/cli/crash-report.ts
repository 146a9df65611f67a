import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// node:util brings a dozen of Node's internal modules with it; only a crash needs it, so it is loaded then (synchronously).
const inspect = (value: unknown, options: { depth: number }) => process.getBuiltinModule('node:util').inspect(value, options);

// Exit code of a crash (sysexits' EX_SOFTWARE): distinct from 1 (a finding) and 2 (bad input).
export const CRASH_EXIT_CODE = 70;

export interface CrashContext {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

// Why: a bug must not greet the user with a stack trace: the whole report goes to a file, the user reads one line naming it.
export function reportCrash(error: unknown, context: CrashContext, now = new Date()): { line: string; file: string | undefined } {
  const report = [
    `stackdeck crashed at ${now.toISOString()}`,
    `command: stackdeck ${context.argv.join(' ')}`,
    `cwd: ${context.cwd}`,
    `node ${process.versions.node} on ${process.platform}-${process.arch}, pid ${process.pid}`,
    '',
    inspect(error, { depth: 6 }),
    '',
  ].join('\n');
  const name = `stackdeck-crash-${now.toISOString().replaceAll(':', '-')}-${process.pid}.log`;
  let file: string | undefined;
  for (const dir of [stateDirOf(context), tmpdir()]) {
    if (dir === undefined) continue;
    try {
      writeFileSync(join(dir, name), report, { mode: 0o600 });
      file = join(dir, name);
      break;
    } catch {
      // Not writable: the next place, else the line says so.
    }
  }
  const summary = firstLine(error);
  const where = file ? `the full report is in ${file}` : 'no report file could be written';
  return { line: `stackdeck: internal error: ${summary} (a bug in Stackdeck; ${where})\n`, file };
}

// Why: installed first by every entry point (the CLI, npm start): whatever escapes (a bug) ends the process with one line and a
// report file, never a stack trace. Returns the same handler for the entry's own try/catch around its top-level await.
export function exitOnCrash(argv: readonly string[]): (error: unknown) => never {
  const crash = (error: unknown): never => {
    process.stderr.write(reportCrash(error, { argv, cwd: process.cwd(), env: process.env }).line);
    process.exit(CRASH_EXIT_CODE);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  return crash;
}

// The stack's state folder when it already exists (STACKDECK_STATE_DIR, else <--root or cwd>/.stackdeck); never created here.
function stateDirOf({ argv, cwd, env }: CrashContext): string | undefined {
  const rootAt = argv.findIndex((arg) => arg === '--root' || arg.startsWith('--root='));
  const rootArg = rootAt < 0 ? undefined : argv[rootAt]?.startsWith('--root=') ? argv[rootAt].slice('--root='.length) : argv[rootAt + 1];
  const dir = env.STACKDECK_STATE_DIR ? resolve(cwd, env.STACKDECK_STATE_DIR) : join(resolve(cwd, rootArg ?? '.'), '.stackdeck');
  try {
    if (statSync(dir).isDirectory()) return dir;
  } catch {
    // No state folder: the temp folder instead.
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${inspect(error, { depth: 1 })}`;
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

