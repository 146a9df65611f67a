import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ZodType } from 'zod';
import { EngineError } from '../../shared/api/engine-contract.ts';
import { LogSearchError } from './log-search.ts';
import { TOOLS, type ToolAnswer, type ToolContext } from './mcp-tools.ts';
import { ToolRefusal } from './service-visibility.ts';
import { TOOL_INPUTS, type ToolInput, type ToolName } from './tool-inputs.ts';

const INSTRUCTIONS = 'Stackdeck runs this repository\'s local stack. list_services first: it names the services and says whether a '
  + 'developer\'s dashboard (stackdeck ui) or this server\'s own engine runs them. Secret values are always masked; services the '
  + 'stack file marks "mcp": false are out of reach.';

// Why: the MCP server of one stack: every tool registered from the typed map, its input checked by the contract-derived
// schema before the tool runs (the SDK answers a bad input with the field's name), every answer JSON.
export async function startMcpServer(context: ToolContext, transport: Transport, log: (message: string, error: unknown) => void): Promise<McpServer> {
  const server = new McpServer({ name: 'stackdeck', version: '0.1.0' }, { instructions: INSTRUCTIONS });
  for (const name of Object.keys(TOOLS) as ToolName[]) register(server, name, context, log);
  await server.connect(transport);
  return server;
}

function register<K extends ToolName>(server: McpServer, name: K, context: ToolContext, log: (message: string, error: unknown) => void): void {
  const tool = TOOLS[name];
  // Widened for the SDK's overloads; the SDK parses with this very schema, so the handler's input is its output type.
  const inputSchema: ZodType = TOOL_INPUTS[name];
  server.registerTool(name, {
    description: tool.description,
    inputSchema,
    annotations: { readOnlyHint: tool.readOnly, destructiveHint: false, openWorldHint: false },
  }, async (input: unknown) => {
    try {
      return answer(await tool.run(input as ToolInput<K>, context));
    } catch (error) {
      return refusal(error, name, log);
    }
  });
}

function answer(result: ToolAnswer): CallToolResult {
  // Compact: an agent's context is the scarce thing, and the same object is in structuredContent for clients that read it.
  return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
}

// The engine's and the tools' own refusals are the agent's to read; anything else is a bug: logged, and said in general terms.
function refusal(error: unknown, tool: string, log: (message: string, error: unknown) => void): CallToolResult {
  const known = error instanceof ToolRefusal || error instanceof EngineError || error instanceof LogSearchError;
  if (!known) log(`${tool} failed`, error);
  const text = known ? error.message : `${tool} failed inside stackdeck mcp: ${error instanceof Error ? error.message : String(error)} (the details are on its stderr)`;
  return { content: [{ type: 'text', text }], isError: true };
}
