import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineResponseSchema, QueryResultSchemas } from '../../shared/api/engine-contract.ts';
import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { eventually } from '../engine/testing/test-stack.ts';
import { UiRecordSchema, processIsAlive, uiRecordPath } from '../web/ui-discovery.ts';
import { connectMcp, type McpSession } from './testing/mcp-client.ts';
import { levelledWebService } from './testing/levelled-web.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

const STACK = { services: { web: levelledWebService() } };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// `stackdeck ui --no-open` as a developer runs it; it may first build the dashboard (seconds, once).
function startUi(root: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'ui', '--no-open', '--root', root], { cwd: root, env: { PATH: process.env.PATH, HOME: root, LANG: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
  return { child, exited, output: () => output };
}

// The dashboard's own API, asked as its page asks it: the stack state it shows.
async function dashboardState(url: string, token: string) {
  const response = await fetch(new URL('/api/request', url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'test', kind: 'query', body: { type: 'stackState' } }),
  });
  const answer = EngineResponseSchema.parse(await response.json());
  if (!answer.ok) throw new Error(answer.error.message);
  return QueryResultSchemas.stackState.parse(answer.result);
}

describe('stackdeck mcp beside a running stackdeck ui', () => {
  it('drives the dashboard\'s engine once one serves the stack (a service it starts runs in the dashboard), and its own once the dashboard stops', async () => {
    const temp = makeTempDir({ 'stackdeck.json': JSON.stringify(STACK, null, 2), 'web/.env': 'API_TOKEN=attach-test-secret-0123456789abcdefghij\n' });
    cleanups.push(temp.cleanup);
    // Before any dashboard: the agent's first call starts an engine of its own, with nothing running in it.
    const mcp: McpSession = await connectMcp(temp.dir);
    cleanups.push(() => mcp.close());
    expect((await mcp.call('list_services')).structured.engine).toBe('its own engine (no stackdeck ui serves this stack)');

    const ui = startUi(temp.dir);
    const recordFile = uiRecordPath(join(temp.dir, '.stackdeck'));
    await eventually(() => existsSync(recordFile), `the ui to write ${recordFile} (its output: ${ui.output()})`, 120_000);
    expect(statSync(recordFile).mode & 0o777).toBe(0o600);
    const record = UiRecordSchema.parse(JSON.parse(readFileSync(recordFile, 'utf8')));
    expect(record).toMatchObject({ root: temp.dir, pid: ui.child.pid });
    // The record may be on disk a moment before the ui prints its address.
    await eventually(() => ui.output().includes(`${record.url}/?token=${record.token}`), `the ui to print the address its record holds (its output: ${ui.output()})`, 10_000);

    // The dashboard that appeared takes over from the idle engine.
    const listed = await mcp.call('list_services');
    expect(listed.structured.engine).toBe(`the dashboard's engine (stackdeck ui at ${record.url}, pid ${record.pid})`);

    const started = await mcp.call('start_service', { service: 'web' });
    const web = started.structured.service as ServiceStatus;
    expect(web.state).toBe('ready');
    // The dashboard shows the very process the agent started.
    const shown = (await dashboardState(record.url, record.token)).services.find((service) => service.name === 'web');
    expect(shown).toMatchObject({ state: 'ready', pid: web.pid, port: web.port });
    await eventually(async () => (await mcp.call('search_logs', { service: 'web', query: 'upstream timeout' })).structured.matched === 1, 'the dashboard engine\'s log of web');

    // The dashboard stops (and its services with it): its record goes, and the agent's next call gets an engine of its own.
    ui.child.kill('SIGTERM');
    expect(await ui.exited).toBe(0);
    expect(existsSync(recordFile)).toBe(false);
    expect(processIsAlive(web.pid ?? 0)).toBe(false);
    const after = await mcp.call('list_services');
    expect(after.structured.engine).toBe('its own engine (no stackdeck ui serves this stack)');
    expect((after.structured.services as ServiceStatus[]).map((service) => service.state)).toEqual(['stopped']);
    expect(mcp.protocolErrors).toEqual([]);
  }, 180_000);
});
