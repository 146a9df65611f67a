import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));

export interface ToolCall {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
}

export interface McpSession {
  client: Client;
  // Every tool answer's text, in order: a test looks for secrets in all of them.
  texts: string[];
  // What the server wrote to stderr, and protocol errors the client saw (a stray stdout line is one).
  stderr: () => string;
  protocolErrors: Error[];
  pid: number | null;
  call: (name: string, args?: Record<string, unknown>) => Promise<ToolCall>;
  close: () => Promise<void>;
}

// Why: the server as an MCP client runs it: `node main/cli/bin.js mcp --root ROOT`, spoken to by the SDK's own client.
export async function connectMcp(root: string, env: Record<string, string> = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--root', root],
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: root, LANG: 'C.UTF-8', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const client = new Client({ name: 'stackdeck-test', version: '1.0.0' });
  const protocolErrors: Error[] = [];
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
  const texts: string[] = [];
  return {
    client,
    texts,
    stderr: () => stderr,
    protocolErrors,
    pid: transport.pid,
    call: async (name, args = {}) => {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 90_000 });
      const content = result.content as { type: string; text?: string }[];
      const text = content.map((part) => part.text ?? '').join('');
      texts.push(text);
      return { isError: result.isError === true, text, structured: (result.structuredContent ?? {}) as Record<string, unknown> };
    },
    close: () => client.close(),
  };
}
