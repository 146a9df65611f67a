import { afterEach, describe, expect, it } from 'vitest';
import { node, startTestStack, type TestStack } from '../testing/test-stack.ts';

const stacks: TestStack[] = [];
afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function stack(...args: Parameters<typeof startTestStack>): Promise<TestStack> {
  const started = await startTestStack(...args);
  stacks.push(started);
  return started;
}

const TOKEN = 'tok-that-must-never-be-shown-0123456789';

describe('a command that uses the service variables', () => {
  it('starts `--port ${PORT}` on the allocated port: a real child listens where the launcher expects, with the command line shown masked', async () => {
    const started = await stack({
      services: {
        api: {
          command: [...node('listen-on-arg.mjs'), '--port', '${PORT}', '--token=$API_TOKEN', '--label', 'cost $$5 & more', '--log-level=${LOG_LEVEL}'],
          envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 10 },
        },
      },
    }, { 'api/.env': `API_TOKEN=${TOKEN}\nLOG_LEVEL=debug\n` });
    expect((await started.engine.command({ type: 'start' })).message).toBe('started api');
    const runner = started.engine.runners.get('api');
    expect(runner?.state).toBe('ready');
    const port = runner?.port;
    expect(port).toBeGreaterThan(0);
    const answer = await (await fetch(`http://127.0.0.1:${port}/health`)).json() as { argv: string[] };
    expect(answer.argv).toEqual(['--port', String(port), `--token=${TOKEN}`, '--label', 'cost $5 & more', '--log-level=debug']);

    const status = runner?.status();
    expect(status?.commandLine).toMatch(new RegExp(`listen-on-arg\\.mjs --port ${port} '--token=\\*\\*\\*' --label 'cost \\$5 & more' --log-level=debug$`));
    expect(JSON.stringify(started.events)).not.toContain(TOKEN);
    const logs = await started.engine.query({ type: 'logBacklog', service: 'api', limit: 100 });
    expect(logs.lines.map((line) => line.text).join('\n')).toContain('warning: command[4] puts API_TOKEN, a secret, on the command line');
  }, 30_000);

  it('does not start a service whose command names a variable it does not have, and says which', async () => {
    const started = await stack({
      services: { api: { command: [...node('listen-on-arg.mjs'), '--port', '${PROT}'], envDir: 'api', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 5 } } },
    });
    await started.engine.command({ type: 'start' });
    const runner = started.engine.runners.get('api');
    expect(runner?.state).toBe('crashed');
    expect(runner?.pid).toBeNull();
    expect(runner?.port).toBeNull();
    expect(runner?.message).toBe(`not started: api: command[3] ("\${PROT}") refers to PROT, which api does not have (did you mean PORT?); set it in one of its env files or drop the reference`);
  }, 30_000);
});
