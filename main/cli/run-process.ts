import { fstatSync, statSync } from 'node:fs';
import { exitOnCrash } from './crash-report.ts';
import { runCli, servesUntilStopped } from './run.ts';
import { guardedStream, outputWritten, syncOutput } from './sync-output.ts';

// Why: the whole `stackdeck` process, as one function: main.ts awaits it when the sources run, and each command's prebuilt
// bundle (a classic script, which cannot await at its top level) exports it for bin.js to call.
export async function runProcess(): Promise<void> {
  const argv = process.argv.slice(2);
  const crash = exitOnCrash(argv);
  let color: boolean | undefined;
  let confirm: typeof askYesNo | false | undefined;
  try {
    process.exitCode = await runCli(argv, {
      cwd: process.cwd(),
      env: process.env,
      // Whoever reads our output may be gone (a closed terminal, a killed wrapper): the stack must still stop cleanly, not crash.
      stdout: syncOutput(1),
      stderr: syncOutput(2),
      // Asked when a command first reads them (--help never does): a terminal is told by node:tty, whose load costs ~5 ms.
      get color() {
        color ??= wantsColor();
        return color;
      },
      get confirm() {
        confirm ??= isTerminal(1) && isTerminal(0) ? askYesNo : false;
        return confirm || undefined;
      },
    });
  } catch (error) {
    crash(error);
  }
  // A command that is done when it returns ends its process here, skipping Node's teardown of V8's heap page by page (~5 ms
  // of `check`, ~12 ms of CPU, here), once its output is written; 'exit' listeners still run.
  if (!servesUntilStopped(argv)) {
    await outputWritten();
    process.exit();
  }
}

// A person at the terminal answers; an empty answer is yes, as the [Y/n] says. readline is loaded only to ask (not for --help).
async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = process.getBuiltinModule('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: guardedStream(1) });
  try {
    return !/^n/i.test((await terminal.question(`${question} [Y/n] `)).trim());
  } finally {
    terminal.close();
  }
}

// What process.stdin.isTTY (fd 0) or process.stdout.isTTY (fd 1) says, without making the stream (its classes: node:fs's
// streams for a file or /dev/null, node:net for a pipe), and without loading node:tty (which brings node:net) where the answer
// is plain: a file, a pipe or a socket is no character device, and neither is the null device (output thrown away) a terminal.
function isTerminal(fd: 0 | 1): boolean {
  try {
    const device = fstatSync(fd);
    if (!device.isCharacterDevice() || (process.platform !== 'win32' && device.rdev === statSync('/dev/null').rdev)) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return isTerminal(1);
}
