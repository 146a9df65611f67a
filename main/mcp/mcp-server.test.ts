import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceStatus } from '../../shared/api/service-status.ts';
import type { Finding } from '../../shared/config/finding.ts';
import { MASK } from '../../shared/config/mask.ts';
import type { StackReport } from '../../shared/config/report.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { FIXTURES, eventually } from '../engine/testing/test-stack.ts';
import { processIsAlive } from '../web/ui-discovery.ts';
import { connectMcp, type McpSession } from './testing/mcp-client.ts';
import { levelledWebService } from './testing/levelled-web.ts';
import { TOOLS } from './mcp-tools.ts';

// The secrets of this stack: no tool answer may ever hold one of them.
const WEB_TOKEN = 'web-secret-token-ABCDEFGHIJ0123456789xyz';
const ROOT_TOKEN = 'root-level-token-value-0123456789abcdef';
const CRASHY_TOKEN = 'crashy-secret-token-QRSTUVWXYZ9876543210';
const HIDDEN_TOKEN = 'hidden-secret-token-0000111122223333444';
const SECRETS = [WEB_TOKEN, ROOT_TOKEN, CRASHY_TOKEN, HIDDEN_TOKEN];

const STACK = {
  services: {
    web: levelledWebService({
      API_TOKEN: { type: 'string', secret: true, required: true },
      GREETING: { type: 'string', default: 'hello' },
      DB_HOST: { type: 'host', notLocalhostIn: ['staging', 'production'] },
    }),
    crashy: {
      command: ['node', `${FIXTURES}crash.mjs`],
      envDir: 'crashy',
      restart: { policy: 'never' },
      variables: { API_TOKEN: { type: 'string', secret: true } },
    },
    hidden: {
      command: ['node', `${FIXTURES}http-service.mjs`],
      envDir: 'hidden',
      port: { variable: 'PORT' },
      readiness: { http: '/health' },
      mcp: false,
      variables: { PORT: { type: 'port' }, HIDDEN_TOKEN: { type: 'string', secret: true }, HIDDEN_PORT: { type: 'port' } },
    },
  },
};

const FILES = {
  'stackdeck.json': JSON.stringify(STACK, null, 2),
  '.env': `API_TOKEN=${ROOT_TOKEN}\n`,
  'web/.env': `API_TOKEN=${WEB_TOKEN}\nGREETING=hi from the file\nDB_HOST=localhost\n`,
  // Production reads its own file, not the development .env.
  'web/.env.production': 'DB_HOST=localhost\n',
  'crashy/.env': `API_TOKEN=${CRASHY_TOKEN}\n`,
  'hidden/.env': `HIDDEN_TOKEN=${HIDDEN_TOKEN}\nHIDDEN_PORT=not-a-port\n`,
};

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

// The CLI as a user runs it in the stack's folder: its stdout.
function stackdeck(args: string[], cwd: string): string {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: cwd } }).stdout;
}

const statusOf = (answer: { structured: Record<string, unknown> }) => answer.structured.service as ServiceStatus;
const servicesOf = (answer: { structured: Record<string, unknown> }) => answer.structured.services as ServiceStatus[];

describe('stackdeck mcp over stdio, its own engine, a stack of fixture services', () => {
  let mcp: McpSession;
  let cleanup = () => {};
  let webPid = 0;
  let root = '';

  beforeAll(async () => {
    const temp = makeTempDir(FILES);
    cleanup = temp.cleanup;
    root = temp.dir;
    mcp = await connectMcp(temp.dir);
  }, 30_000);

  afterAll(async () => {
    await mcp?.close();
    cleanup();
  });

  it('lists every tool of the typed map, each with the input schema derived from the contract', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(Object.keys(TOOLS).sort());
    const start = tools.find((tool) => tool.name === 'start_service');
    expect(start?.inputSchema).toMatchObject({ type: 'object', required: ['service'], properties: { service: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } } });
    const runs = tools.find((tool) => tool.name === 'start_agent_runs');
    expect(runs?.inputSchema.properties?.scenario).toMatchObject({ enum: ['normal', 'slow', 'hang', 'crash', 'silent', 'mute'] });
    expect(tools.find((tool) => tool.name === 'read_logs')?.annotations?.readOnlyHint).toBe(true);
    expect(start?.annotations?.readOnlyHint).toBe(false);
  });

  it('lists the services an agent may see, stopped, and says its own engine runs them', async () => {
    const answer = await mcp.call('list_services');
    expect(answer.isError).toBe(false);
    expect(servicesOf(answer).map((service) => [service.name, service.state])).toEqual([['web', 'stopped'], ['crashy', 'stopped']]);
    expect(answer.structured.engine).toMatch(/its own engine/);
    expect(answer.text).not.toContain('hidden');
  });

  it('starts a service until ready, then shows its port among the ports it listens on', async () => {
    const answer = await mcp.call('start_service', { service: 'web' });
    expect(answer.isError).toBe(false);
    expect(answer.structured.message).toBe('started web');
    const web = statusOf(answer);
    expect(web.state).toBe('ready');
    expect(web.port).toEqual(expect.any(Number));
    webPid = web.pid ?? 0;
    expect(processIsAlive(webPid)).toBe(true);
    // The OS is read every few seconds: the listening ports arrive after the start.
    const listening = await eventually(async () => {
      const reading = servicesOf(await mcp.call('list_services')).find((service) => service.name === 'web')?.listening;
      return reading && 'ports' in reading && reading.ports.length > 0 ? reading.ports : undefined;
    }, 'web listening ports', 20_000);
    expect(listening).toContain(web.port);
  });

  it('reads the last lines of a log, colour-free, and only those at a level or above', async () => {
    await eventually(async () => (await mcp.call('read_logs', { service: 'web' })).text.includes('a plain stderr line'), 'the last line of web');
    const last = await mcp.call('read_logs', { service: 'web', limit: 2 });
    const lines = last.structured.lines as { text: string; stream: string; level: string | null }[];
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ text: 'a plain stderr line with no level', stream: 'stderr', level: null });
    const errors = await mcp.call('read_logs', { service: 'web', level: 'error' });
    expect((errors.structured.lines as { text: string }[]).map((line) => JSON.parse(line.text).msg as string)).toEqual(['upstream timeout after 3 retries (request 42)']);
    const warnings = await mcp.call('read_logs', { service: 'web', level: 'warn' });
    expect(warnings.structured.matched).toBe(2);
  });

  it('searches a log for text and for a regular expression', async () => {
    const text = await mcp.call('search_logs', { service: 'web', query: 'UPSTREAM TIMEOUT' });
    expect(text.structured.matched).toBe(1);
    const pattern = await mcp.call('search_logs', { service: 'web', query: 'retries \\(request \\d+\\)', regex: true });
    expect((pattern.structured.lines as { level: string }[]).map((line) => line.level)).toEqual(['error']);
    const none = await mcp.call('search_logs', { service: 'web', query: 'retries \\(request \\d+\\)' });
    expect(none.structured.matched).toBe(0);
    const infoOrAbove = await mcp.call('search_logs', { service: 'web', query: 'e', level: 'info', limit: 1 });
    expect(infoOrAbove.structured.matched).toBe(3);
    expect(infoOrAbove.structured.lines).toHaveLength(1);
  });

  it('never shows a secret the service printed: its log line is redacted', async () => {
    const answer = await mcp.call('search_logs', { service: 'web', query: 'using token' });
    expect(answer.structured.matched).toBe(1);
    expect(answer.text).not.toContain(WEB_TOKEN);
  });

  it('shows a variable as `stackdeck env` does: masked value, its source, the shadowed chain and why the winner wins', async () => {
    const answer = await mcp.call('get_variable', { service: 'web', key: 'API_TOKEN' });
    expect(answer.isError).toBe(false);
    const variable = answer.structured.variable as { value: string; secret: boolean; source: { kind: string; file: string; line: number }; shadowed: { value: string }[] };
    expect(variable.secret).toBe(true);
    expect(variable.value).toBe(MASK);
    expect(variable.shadowed).toEqual([expect.objectContaining({ value: MASK, source: expect.objectContaining({ file: '.env', line: 1 }) })]);
    expect(variable.source).toMatchObject({ kind: 'file', file: 'web/.env', line: 1 });
    expect(answer.structured.chain).toEqual([
      { source: 'web/.env:1', value: variable.value, wins: true },
      { source: '.env:1', value: variable.shadowed[0]?.value, wins: false },
    ]);
    expect(answer.structured.why).toMatch(/service's own file web\/\.env comes before the stack root's \.env/);
    const plain = await mcp.call('get_variable', { service: 'web', key: 'GREETING' });
    expect(plain.structured.chain).toEqual([{ source: 'web/.env:2', value: 'hi from the file', wins: true }, { source: 'schema default', value: 'hello', wins: false }]);
    const typo = await mcp.call('get_variable', { service: 'web', key: 'GREETNG' });
    expect(typo).toMatchObject({ isError: true, text: 'web has no variable GREETNG; did you mean GREETING?' });
  });

  // Differential: the CLI commands the tools claim to mirror, run as a user runs them on the same folder.
  it('answers as `stackdeck env web KEY --json` and `stackdeck check --profile production --json` do', async () => {
    for (const key of ['API_TOKEN', 'GREETING', 'DB_HOST']) {
      const cli = JSON.parse(stackdeck(['env', 'web', key, '--json'], root)) as { variable: unknown; findings: unknown };
      const answer = await mcp.call('get_variable', { service: 'web', key });
      expect(answer.structured.variable, key).toEqual(cli.variable);
      expect(answer.structured.findings, key).toEqual(cli.findings);
    }
    const cli = JSON.parse(stackdeck(['check', '--profile', 'production', '--json'], root)) as StackReport;
    const answer = await mcp.call('check', { profile: 'production' });
    expect(answer.structured.services).toEqual(cli.services.filter((service) => service.name !== 'hidden').map(({ name, healthScore, findings }) => ({ name, healthScore, findings })));
    expect(cli.services.find((service) => service.name === 'hidden')?.findings.length).toBeGreaterThan(0);
  });

  it('shows a crash with its exit code and last stderr lines, the secret in them redacted', async () => {
    await mcp.call('start_service', { service: 'crashy' });
    const crashy = await eventually(async () => {
      const found = servicesOf(await mcp.call('list_services')).find((service) => service.name === 'crashy');
      return found?.state === 'crashed' && found.lastCrash ? found : undefined;
    }, 'crashy to crash');
    expect(crashy.lastCrash).toMatchObject({ exitCode: 3 });
    expect(crashy.lastCrash?.lastStderr.join('\n')).toContain('fatal: cannot reach database');
    expect(crashy.lastCrash?.lastStderr.join('\n')).not.toContain(CRASHY_TOKEN);
  });

  it('restarts a service (a new process) and stops it', async () => {
    const restarted = await mcp.call('restart_service', { service: 'web' });
    expect(statusOf(restarted)).toMatchObject({ state: 'ready' });
    expect(statusOf(restarted).pid).not.toBe(webPid);
    await eventually(() => !processIsAlive(webPid), 'the first web process to be gone');
    const stopped = await mcp.call('stop_service', { service: 'web' });
    expect(stopped.structured.message).toBe('stopped web');
    expect(statusOf(stopped)).toMatchObject({ state: 'stopped', pid: null });
  });

  it('gives the findings of check, live or for a profile, without the excluded service', async () => {
    const live = await mcp.call('check');
    expect(live.structured).toMatchObject({ profile: 'development' });
    expect((live.structured.services as { name: string }[]).map((service) => service.name)).toEqual(['web', 'crashy']);
    const production = await mcp.call('check', { profile: 'production' });
    expect(production.structured.source).toBe('stackdeck check --profile production (the files, no engine)');
    const webFindings = (production.structured.services as { name: string; findings: Finding[] }[]).find((service) => service.name === 'web')?.findings ?? [];
    expect(webFindings).toContainEqual(expect.objectContaining({ rule: 'localhost-in-deployed-profile', key: 'DB_HOST' }));
    expect(production.text).not.toContain('HIDDEN_PORT');
    expect(production.text).not.toContain('hidden');
  });

  it('keeps a service marked "mcp": false out of reach of every tool', async () => {
    for (const [tool, args] of [
      ['start_service', { service: 'hidden' }],
      ['stop_service', { service: 'hidden' }],
      ['read_logs', { service: 'hidden' }],
      ['search_logs', { service: 'hidden', query: 'x' }],
      ['get_variable', { service: 'hidden', key: 'HIDDEN_TOKEN' }],
    ] as const) {
      const answer = await mcp.call(tool, args);
      expect(answer, tool).toMatchObject({ isError: true, text: expect.stringContaining(`'hidden' is excluded from MCP ("mcp": false in stackdeck.json)`) });
    }
    const unknown = await mcp.call('start_service', { service: 'wbe' });
    expect(unknown.text).toBe("no service 'wbe' in this stack; did you mean 'web'? (services: web, crashy)");
  });

  it('rejects a bad input before any tool runs, naming the field', async () => {
    const badName = await mcp.call('start_service', { service: 'Web Server' });
    expect(badName).toMatchObject({ isError: true, text: expect.stringMatching(/a service name is lower-case letters, digits and dashes at service/) });
    const missing = await mcp.call('get_variable', { service: 'web' });
    expect(missing.text).toMatch(/Invalid arguments for tool get_variable: .* at key/);
    const limit = await mcp.call('read_logs', { service: 'web', limit: 0 });
    expect(limit.text).toMatch(/expected number to be >=1 at limit/);
    const regex = await mcp.call('search_logs', { service: 'web', query: '(unclosed', regex: true });
    expect(regex.text).toMatch(/query is not a valid regular expression: .* at query/);
    const extra = await mcp.call('list_services', { everything: true });
    expect(extra.text).toMatch(/Unrecognized key: "everything"/);
    const scenario = await mcp.call('start_agent_runs', { agent_name: 'a', scenario: 'explode' });
    expect(scenario.text).toMatch(/at scenario/);
  });

  it('says there are no agent runs when no service declares agents', async () => {
    const answer = await mcp.call('list_agent_runs');
    expect(answer).toMatchObject({ isError: true, text: expect.stringContaining('no service of this stack declares `agents`') });
  });

  it('sent no secret and nothing but JSON-RPC on stdout, and stops its services when the client closes stdin', async () => {
    for (const text of mcp.texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(mcp.protocolErrors).toEqual([]);
    await mcp.call('start_service', { service: 'web' });
    const pid = statusOf(await mcp.call('restart_service', { service: 'web' })).pid ?? 0;
    expect(processIsAlive(pid)).toBe(true);
    await mcp.close();
    await eventually(() => !processIsAlive(pid), 'web to stop with the server', 15_000);
    expect(mcp.stderr()).toMatch(/stdin closed/);
  });
});
