import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRunView } from '../../shared/api/agent-runs-view.ts';
import type { ServiceStatus } from '../../shared/api/service-status.ts';
import { MASK } from '../../shared/config/mask.ts';
import { demoStackFile } from '../../shared/config/testing/demo-stack.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { eventually } from '../engine/testing/test-stack.ts';
import { connectMcp, type McpSession } from './testing/mcp-client.ts';

// The demo stack (the real auth and backend services) in a fresh folder; agents beat every 0.5 s so runs end quickly.
describe('stackdeck mcp on the demo stack: real services, real agent runs', () => {
  let mcp: McpSession;
  let root = '';
  let cleanup = () => {};

  beforeAll(async () => {
    const temp = makeTempDir({ ...demoStackFile(), 'services/backend/.env': 'AGENT_HEARTBEAT_INTERVAL=0.5\n' });
    root = temp.dir;
    cleanup = temp.cleanup;
    mcp = await connectMcp(root);
  }, 30_000);

  afterAll(async () => {
    await mcp?.close();
    cleanup();
  });

  it('starts the backend after the auth service it depends on, both ready', async () => {
    const started = await mcp.call('start_service', { service: 'backend' });
    expect(started.structured.message).toBe('started auth, backend');
    expect((started.structured.service as ServiceStatus).state).toBe('ready');
    const services = (await mcp.call('list_services')).structured.services as ServiceStatus[];
    expect(services.map((service) => [service.name, service.state])).toEqual([['auth', 'ready'], ['backend', 'ready']]);
  }, 90_000);

  it('starts agent runs with a scenario and lists them, filtered by state, once they end', async () => {
    await eventually(async () => (await mcp.call('list_agent_runs')).structured.status === 'connected', 'the agent monitor to connect', 30_000);
    const normal = await mcp.call('start_agent_runs', { agent_name: 'mcp-agent', scenario: 'normal', count: 2 });
    expect(normal.isError).toBe(false);
    expect(normal.structured.runIds).toHaveLength(2);
    const crash = await mcp.call('start_agent_runs', { agent_name: 'mcp-crasher', scenario: 'crash' });
    const [crashId] = crash.structured.runIds as string[];

    const runs = await eventually(async () => {
      const listed = (await mcp.call('list_agent_runs')).structured.runs as AgentRunView[];
      const ours = listed.filter((run) => [...(normal.structured.runIds as string[]), crashId].includes(run.run_id));
      return ours.length === 3 && ours.every((run) => run.ended_at !== null) ? ours : undefined;
    }, 'the three runs to end', 30_000);
    expect(runs.filter((run) => run.agent_name === 'mcp-agent').map((run) => [run.scenario, run.state])).toEqual([['normal', 'COMPLETED'], ['normal', 'COMPLETED']]);
    const failed = (await mcp.call('list_agent_runs', { state: 'FAILED' })).structured.runs as AgentRunView[];
    expect(failed.map((run) => run.run_id)).toEqual([crashId]);
    expect(failed[0]?.error).toMatch(/TypeError/);
    const newest = (await mcp.call('list_agent_runs', { limit: 1 })).structured;
    expect(newest).toMatchObject({ total: 3, runs: [expect.objectContaining({ run_id: crashId })] });
  }, 90_000);

  it('masks the secrets the launcher generated, wherever they would show', async () => {
    const jwt = await mcp.call('get_variable', { service: 'backend', key: 'JWT_SECRET_KEY' });
    expect(jwt.structured.variable).toMatchObject({ secret: true, value: MASK, source: { kind: 'fallback' } });
    // Every generated value, read from the launcher's own state folder: none of them in any answer so far.
    const stateDir = join(root, '.stackdeck');
    const generated = readdirSync(stateDir).filter((name) => name.includes('fallback')).flatMap((name) => Object.values(JSON.parse(readFileSync(join(stateDir, name), 'utf8')) as Record<string, string>));
    expect(generated.length).toBeGreaterThan(0);
    await mcp.call('read_logs', { service: 'backend', limit: 500 });
    await mcp.call('check');
    for (const text of mcp.texts) for (const secret of generated) expect(text).not.toContain(secret);
  });
});
