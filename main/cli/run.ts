import { auditCommand } from './commands/audit.ts';
import { checkCommand } from './commands/check.ts';
import { envCommand } from './commands/env.ts';
import { initCommand } from './commands/init.ts';
import { uiCommand } from './commands/ui.ts';
import { signalled, upCommand } from './commands/up.ts';
import { HELP } from './help.ts';
import { UsageError, type CliIo } from './io.ts';

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<number>> = {
  audit: auditCommand,
  check: checkCommand,
  env: envCommand,
  init: initCommand,
  up: (args, io) => upCommand(args, io, { stopSignal: signalled() }),
  ui: (args, io) => uiCommand(args, io, { stopSignal: signalled() }),
};

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
