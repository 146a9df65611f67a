import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { inspectStack } from '../../../shared/config/node/inspect-stack.ts';
import { stackReport } from '../../../shared/config/report.ts';
import { startEngine } from '../../engine/start-engine.ts';
import { serviceVisibility } from '../../mcp/service-visibility.ts';
import { startMcpServer } from '../../mcp/start-mcp-server.ts';
import { createStackLink } from '../../mcp/stack-link.ts';
import { parseFlags } from '../flags.ts';
import { UsageError, type CliIo } from '../io.ts';
import { chooseProfile, inspectedStackOptions, loadStackForCli, stateDirOf } from '../stack-options.ts';
import { guardedStream } from '../sync-output.ts';
import type { UpControl } from './up.ts';

// `stackdeck mcp`: an MCP server on stdin/stdout for AI agents, driving the dashboard's engine when `stackdeck ui` serves
// this stack, else an engine of its own. Only JSON-RPC goes to stdout: every word of ours goes to stderr.
export async function mcpCommand(args: readonly string[], io: CliIo, control: UpControl): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  if (positionals.length > 0) throw new UsageError(`mcp takes no arguments (got '${positionals[0]}')`);
  const root = resolve(io.cwd, flags.root ?? '.');
  // A missing or broken stack file stops here, before the client is told anything: exit 2 and the message on stderr.
  const { stack } = await loadStackForCli(root);
  const stateDir = stateDirOf(root, io);
  const profile = chooseProfile(flags, io.env);
  const envDir = flags['env-dir'] ? resolve(io.cwd, flags['env-dir']) : undefined;
  const log = (message: string, error: unknown) => io.stderr(`stackdeck mcp: ${message}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  // From here on, anything in this process that prints (a library's console.log) would corrupt the protocol: stderr instead.
  console.log = console.info = console.debug = console.error;
  const link = createStackLink({
    root,
    stateDir,
    startOwnEngine: () => startEngine({ root, profile, envDir, stateDir, parentEnv: io.env }),
  });
  await startMcpServer({
    link,
    stack,
    visibility: serviceVisibility(stack),
    checkReport: async (checked) => {
      // Paths shown as the engine shows them (from the root), fallbacks kept where the engine keeps them.
      const options = await inspectedStackOptions({ root, profile: checked, 'env-dir': envDir }, { ...io, cwd: root, env: { ...io.env, STACKDECK_STATE_DIR: stateDir } });
      const inspection = await inspectStack(options);
      return stackReport(inspection.profile, inspection.services, inspection.validation, options.displayPath ?? String);
    },
  }, new StdioServerTransport(process.stdin, guardedStream(1)), log);
  io.stderr(`stackdeck mcp: serving ${root} over stdio (the client ends it by closing stdin)\n`);
  const reason = await control.stopSignal;
  io.stderr(`stackdeck mcp: ${reason}: stopping\n`);
  void control.forceStop?.then(() => link.kill());
  await link.close();
  return 0;
}
