import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { eventually, node } from '../../engine/testing/test-stack.ts';
import { upCommand } from './up.ts';

const tempDir = tempDirsForEachTest();
const SECRET = 'secret-value-that-up-must-not-print-xyz';

const STACK = {
  services: {
    api: { command: [...node('listen-on-arg.mjs'), '--port', '${PORT}', '--secret', '$SERVICE_SECRET'], envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health' } },
  },
};

// `stackdeck up` in-process until every service is ready, then stopped; what it printed, line by line.
async function upUntilReady(args: string[]): Promise<string[]> {
  const root = tempDir({ 'stackdeck.json': JSON.stringify(STACK), 'api/.env': `SERVICE_SECRET=${SECRET}\n` });
  let out = '';
  let stop: (reason: string) => void = () => {};
  const stopSignal = new Promise<string>((resolve) => { stop = resolve; });
  const io = { cwd: root, env: { PATH: process.env.PATH, HOME: root, STACKDECK_STATE_DIR: '.state' }, stdout: (text: string) => { out += text; }, stderr: () => {}, color: false };
  const running = upCommand(args, io, { stopSignal });
  await eventually(() => out.includes('all services ready') || out.includes('"event":"ready"'), 'the stack to be ready', 20_000);
  stop('test');
  expect(await running).toBe(0);
  expect(out).not.toContain(SECRET);
  return out.split('\n');
}

describe('stackdeck up shows the command line of each start', () => {
  it('in text mode: one `$ command` line with the port substituted and the secret masked', async () => {
    const lines = await upUntilReady([]);
    const command = lines.filter((line) => line.includes('$ '));
    expect(command).toHaveLength(1);
    expect(command[0]).toMatch(/^api +\| \$ .*listen-on-arg\.mjs --port \d+ --secret '\*\*\*'$/);
    const port = /--port (\d+)/.exec(command[0] ?? '')?.[1];
    expect(lines.some((line) => line.includes(`ready at http://127.0.0.1:${port}`))).toBe(true);
  }, 30_000);

  it('with --json: a service_started event and the commandLine on service_ready', async () => {
    const events = (await upUntilReady(['--json'])).filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const started = events.find((event) => event.event === 'service_started');
    const ready = events.find((event) => event.event === 'service_ready');
    expect(started).toMatchObject({ service: 'api', pid: ready?.pid, port: ready?.port, commandLine: expect.stringMatching(new RegExp(`--port ${String(ready?.port)} --secret '\\*\\*\\*'$`)) });
    expect(ready?.commandLine).toBe(started?.commandLine);
  }, 30_000);
});
