import { exitOnCrash } from './crash-report.ts';
import { runCli } from './run.ts';

// Why: the whole `stackdeck` process, as one function: main.ts awaits it when the sources run, and each command's prebuilt
// bundle (a classic script, which cannot await at its top level) exports it for bin.js to call.
export async function runProcess(): Promise<void> {
  // Whoever read our output may be gone (a closed terminal, a killed wrapper): the stack must still stop cleanly, not crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    });
  }
  const argv = process.argv.slice(2);
  const crash = exitOnCrash(argv);
  try {
    process.exitCode = await runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      color: wantsColor(),
      confirm: process.stdout.isTTY && stdinIsTerminal() ? askYesNo : undefined,
    });
  } catch (error) {
    crash(error);
  }
}

// A person at the terminal answers; an empty answer is yes, as the [Y/n] says. readline is loaded only to ask (not for --help).
async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = process.getBuiltinModule('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return !/^n/i.test((await terminal.question(`${question} [Y/n] `)).trim());
  } finally {
    terminal.close();
  }
}

// What process.stdin.isTTY says, without making process.stdin: that builds a stream (fs.ReadStream when stdin is a file or
// /dev/null, which loads node:fs's streams) on every start, though only a question at a terminal reads it.
function stdinIsTerminal(): boolean {
  return process.getBuiltinModule('node:tty').isatty(0);
}

function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
