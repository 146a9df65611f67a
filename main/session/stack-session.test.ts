import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, type EngineEvent } from '../../shared/api/engine-contract.ts';
import { makeTempDir, writeFiles } from '../../shared/config/testing/temp-dir.ts';
import { runInProcess } from '../cli/testing/run-in-process.ts';
import { startEngine } from '../engine/start-engine.ts';
import { eventually, node } from '../engine/testing/test-stack.ts';
import { createRecentStacksStore } from './recent-stacks-store.ts';
import { createStackSession, type StackSession } from './stack-session.ts';

// Real folders, real engines, real child processes: two one-service stacks and the session that switches between them.
const service = { command: node('http-service.mjs'), envDir: '.', port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 10 } };
const stackFiles = (name: string) => ({ 'stackdeck.json': JSON.stringify({ services: { [name]: service } }), '.env': `GREETING=${name}\n` });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(files: Record<string, string>): string {
  const made = makeTempDir(files);
  cleanups.push(made.cleanup);
  return made.dir;
}

const openEngine = (root: string) => startEngine({ root, profile: 'development', parentEnv: { PATH: process.env.PATH, HOME: root }, agentMonitor: false });

async function sessionOn(root: string): Promise<{ session: StackSession; events: EngineEvent[]; recentFile: string }> {
  const config = folder({});
  const recentFile = join(config, 'stackdeck', 'recent-stacks.json');
  const session = createStackSession({ initial: await openEngine(root), openEngine, recent: createRecentStacksStore(recentFile), log: () => {} });
  cleanups.push(() => session.close());
  const events: EngineEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, events, recentFile };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readyPid(session: StackSession, name: string): Promise<number> {
  return eventually(async () => {
    const status = (await session.query({ type: 'stackState' })).services.find((entry) => entry.name === name);
    return status?.state === 'ready' && status.pid !== null ? status.pid : undefined;
  }, `${name} to be ready`);
}

describe('stack session', () => {
  it('opens another folder: stops the old stack\'s services, serves the new stack\'s services, config and logs, and remembers it', async () => {
    const [first, second] = [folder(stackFiles('alpha')), folder(stackFiles('beta'))];
    const { session, events, recentFile } = await sessionOn(first);
    await session.command({ type: 'start' });
    const alphaPid = await readyPid(session, 'alpha');

    const answer = await session.command({ type: 'openStack', root: second });
    expect(answer.message).toBe(`opened ${second} (1 service); the services of ${first} were stopped`);
    expect(isAlive(alphaPid)).toBe(false);
    expect(events.filter((event) => event.type === 'stackOpened')).toEqual([{ type: 'stackOpened', root: second }]);

    const state = await session.query({ type: 'stackState' });
    expect(state.root).toBe(second);
    expect(state.services.map((entry) => [entry.name, entry.state])).toEqual([['beta', 'stopped']]);
    const config = await session.query({ type: 'config' });
    expect(config.services.map((entry) => entry.name)).toEqual(['beta']);
    await expect(session.query({ type: 'crashRecords', service: 'alpha' })).rejects.toMatchObject({ code: 'unknown_service' });

    // The listener subscribed before the switch now hears the new stack's events, logs included.
    await session.command({ type: 'start' });
    const betaPid = await readyPid(session, 'beta');
    await eventually(() => events.some((event) => event.type === 'log' && event.chunk.service === 'beta'), 'a log chunk of beta');
    expect(events.some((event) => event.type === 'serviceState' && event.status.name === 'beta' && event.status.pid === betaPid)).toBe(true);

    await eventually(async () => (await session.query({ type: 'recentStacks' })).length === 2, 'both stacks in the recent list');
    expect((await session.query({ type: 'recentStacks' })).map((entry) => entry.root)).toEqual([second, first]);
    expect(existsSync(recentFile)).toBe(true);
    expect(existsSync(join(first, 'recent-stacks.json')) || existsSync(join(second, 'recent-stacks.json'))).toBe(false);

    await session.close();
    expect(isAlive(betaPid)).toBe(false);
  }, 60_000);

  it('refuses a folder without a stackdeck.json, or with a broken one, with the CLI\'s own message, and leaves the open stack running', async () => {
    const first = folder(stackFiles('alpha'));
    const empty = folder({ 'README.md': 'no stack here' });
    const broken = folder({ 'stackdeck.json': '{ "services": { "Bad Name": { "command": [] } } }' });
    const { session, events } = await sessionOn(first);
    await session.command({ type: 'start' });
    const alphaPid = await readyPid(session, 'alpha');

    for (const root of [empty, broken, join(empty, 'not-a-folder')]) {
      const refusal = await session.command({ type: 'openStack', root }).then(() => undefined, (error: unknown) => error);
      expect(refusal, root).toBeInstanceOf(EngineError);
      expect((refusal as EngineError).code).toBe('invalid_request');
      // The same words `stackdeck check --root DIR` prints for that folder (it exits 2 with them).
      const cli = await runInProcess(['check', '--root', root], { cwd: first });
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain((refusal as EngineError).message);
      if (root !== broken) expect((refusal as Error).message).toContain('stackdeck init');
    }
    expect(isAlive(alphaPid)).toBe(true);
    const state = await session.query({ type: 'stackState' });
    expect(state.root).toBe(first);
    expect(state.services.map((entry) => [entry.name, entry.state, entry.pid])).toEqual([['alpha', 'ready', alphaPid]]);
    expect(events.some((event) => event.type === 'stackOpened')).toBe(false);
  }, 60_000);

  it('reads a relative folder from the open stack\'s root, says when it is already open, and serialises quick opens', async () => {
    const parent = folder({});
    const [first, second] = ['one', 'two'].map((name) => {
      const root = join(parent, name);
      mkdirSync(root);
      return root;
    });
    writeFiles(first ?? '', stackFiles('alpha'));
    writeFiles(second ?? '', stackFiles('beta'));
    const { session, events } = await sessionOn(first ?? '');
    expect((await session.command({ type: 'openStack', root: '.' })).message).toBe(`${first} is already open`);
    // Two opens sent together: they run one after the other, the last one wins, no engine is left behind.
    const [there, back] = await Promise.all([
      session.command({ type: 'openStack', root: '../two' }),
      session.command({ type: 'openStack', root: first ?? '' }),
    ]);
    expect(there.message).toContain(`opened ${second}`);
    expect(back.message).toContain(`opened ${first}`);
    expect((await session.query({ type: 'stackState' })).root).toBe(first);
    expect(events.flatMap((event) => (event.type === 'stackOpened' ? [event.root] : []))).toEqual([second, first]);
  }, 60_000);
});
