import { checkCommand } from './commands/check.ts';
import { envCommand } from './commands/env.ts';
import { uiCommand } from './commands/ui.ts';
import { upCommand, type UpControl } from './commands/up.ts';
import { parseFlags } from './flags.ts';
import { HELP } from './help.ts';
import { UsageError, type CliIo } from './io.ts';
import { watchStopSignals } from './stop-signals.ts';

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  check: checkCommand,
  env: envCommand,
  up: untilStopped(upCommand),
  ui: untilStopped(uiCommand),
};

// The real commands stop on a signal or when whatever started them goes away; tests pass their own control instead.
function untilStopped(command: (args: readonly string[], io: CliIo, control: UpControl) => Promise<number>) {
  return async (args: readonly string[], io: CliIo): Promise<number> => {
    const control = watchStopSignals({ exitWithStdin: parseFlags(args).flags['exit-with-stdin'] });
    try {
      return await command(args, io, control);
    } finally {
      control.dispose();
    }
  };
}

// Why: one entry point returning an exit code, so tests drive the CLI in-process and the bin stays one line.
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}, help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return 0;
    }
    return await handler(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`stackdeck: ${error.message}\nRun 'stackdeck --help' for usage.\n`);
      return 2;
    }
    throw error;
  }
}
