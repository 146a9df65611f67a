import { JsonFileError } from '../../shared/config/json-file-error.ts';
import type { UpControl } from './commands/up.ts';
import { HELP } from './help.ts';
import { UsageError, type CliIo } from './io.ts';

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;

// One line a command, each loaded only when asked for: `stackdeck --help` reads none of them, `check` never loads the engine.
// A command that serves until stopped says so (untilStopped); the others are done when their promise settles.
const COMMANDS: Record<string, CommandEntry> = {
  audit: { load: async () => (await import('./commands/audit.ts')).auditCommand },
  check: { load: async () => (await import('./commands/check.ts')).checkCommand },
  env: { load: async () => (await import('./commands/env.ts')).envCommand },
  init: { load: async () => (await import('./commands/init.ts')).initCommand },
  // The MCP client owns our stdin: when it closes it, the server (and any engine it started) stops.
  mcp: { load: async () => (await import('./commands/mcp.ts')).mcpCommand, untilStopped: { exitWithStdin: true } },
  up: { load: async () => (await import('./commands/up.ts')).upCommand, untilStopped: {} },
  ui: { load: async () => (await import('./commands/ui.ts')).uiCommand, untilStopped: {} },
};

type StoppableCommand = (args: readonly string[], io: CliIo, control: UpControl) => Promise<number>;
type CommandEntry =
  | { load: () => Promise<Command>; untilStopped?: undefined }
  | { load: () => Promise<StoppableCommand>; untilStopped: { exitWithStdin?: boolean } };

// Why: a command that serves until stopped (up, ui, mcp) may still have work when it returns (children to reap, log files
// to close); any other command, and help or bad usage, is done when runCli returns, so its process can end there.
export function servesUntilStopped(argv: readonly string[]): boolean {
  const command = argv[0];
  return command !== undefined && Object.hasOwn(COMMANDS, command) && COMMANDS[command]?.untilStopped !== undefined;
}

// Why: one entry point returning an exit code, so tests drive the CLI in-process and the bin stays one line.
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!entry) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')}, help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return 0;
    }
    // Before the command's modules build their schemas (zod reads the setting then); kept out of --help, which needs no zod.
    await import('./zod-jitless.ts');
    return entry.untilStopped === undefined ? await (await entry.load())(rest, io) : await untilStopped(await entry.load(), entry.untilStopped)(rest, io);
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
function untilStopped(command: StoppableCommand, always: { exitWithStdin?: boolean }): Command {
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
