import { JsonFileError } from '../../shared/config/json-file-error.ts';
import type { UpControl } from './commands/up.ts';
import { HELP } from './help.ts';
import { UsageError, type CliIo } from './io.ts';

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

// One line a command, each loaded only when asked for: `stackdeck --help` reads none of them, `check` never loads the engine.
const COMMANDS: Record<string, () => Promise<Command>> = {
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  env: async () => (await import('./commands/env.ts')).envCommand,
  init: async () => (await import('./commands/init.ts')).initCommand,
  // The MCP client owns our stdin: when it closes it, the server (and any engine it started) stops.
  mcp: async () => untilStopped((await import('./commands/mcp.ts')).mcpCommand, { exitWithStdin: true }),
  up: async () => untilStopped((await import('./commands/up.ts')).upCommand),
  ui: async () => untilStopped((await import('./commands/ui.ts')).uiCommand),
};

// Why: one entry point returning an exit code, so tests drive the CLI in-process and the bin stays one line.
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  const load = COMMANDS[command];
  try {
    if (!load) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}, help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return 0;
    }
    // Before the command's modules build their schemas (zod reads the setting then); kept out of --help, which needs no zod.
    await import('./zod-jitless.ts');
    return await (await load())(rest, io);
  } catch (error) {
    const message = userErrorMessage(error);
    if (message === undefined) throw error;
    io.stderr(message);
    return 2;
  }
}

// Why: bad input (usage, a bad stack file) reads the same from every command and from `npm start`; anything else is a bug.
export function userErrorMessage(error: unknown): string | undefined {
  if (error instanceof UsageError) return `stackdeck: ${error.message}\nRun 'stackdeck --help' for usage.\n`;
  if (error instanceof JsonFileError) return `stackdeck: ${error.message}\n`;
  return undefined;
}

// The real commands stop on a signal or when whatever started them goes away; tests pass their own control instead.
function untilStopped(command: (args: readonly string[], io: CliIo, control: UpControl) => Promise<number>, always: { exitWithStdin?: boolean } = {}): Command {
  return async (args, io) => {
    const [{ watchStopSignals }, { parseFlags }] = await Promise.all([import('./stop-signals.ts'), import('./flags.ts')]);
    const control = watchStopSignals({ exitWithStdin: always.exitWithStdin === true || parseFlags(args).flags['exit-with-stdin'] });
    try {
      return await command(args, io, control);
    } finally {
      control.dispose();
    }
  };
}
