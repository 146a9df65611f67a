import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/api/engine-contract.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { advertiseUi, advertiseWhileServing, findRunningUi, processIsAlive, uiRecordPath, withdrawUi, type UiRecord } from './ui-discovery.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function temp(): string {
  const made = makeTempDir();
  cleanups.push(made.cleanup);
  return made.dir;
}

const TOKEN = 'a'.repeat(43);
const record = (root: string, over: Partial<UiRecord> = {}): UiRecord => ({ url: 'http://127.0.0.1:4000', token: TOKEN, pid: process.pid, root, startedAt: new Date().toISOString(), ...over });

// A pid that surely belongs to no process: one that has just exited.
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

describe('ui discovery', () => {
  it('writes an owner-only record atomically and finds it while its process lives', async () => {
    const stateDir = join(temp(), '.stackdeck');
    await advertiseUi(stateDir, record('/stack'));
    expect(statSync(uiRecordPath(stateDir)).mode & 0o777).toBe(0o600);
    // No temp file is left beside it.
    expect(readdirSync(stateDir)).toEqual(['ui.json']);
    expect(await findRunningUi(stateDir, '/stack')).toMatchObject({ token: TOKEN, pid: process.pid });
  });

  it('ignores a record of a dead process, of another root, or that is not a record', async () => {
    const stateDir = temp();
    await advertiseUi(stateDir, record('/stack', { pid: deadPid() }));
    expect(processIsAlive((JSON.parse(readFileSync(uiRecordPath(stateDir), 'utf8')) as UiRecord).pid)).toBe(false);
    expect(await findRunningUi(stateDir, '/stack')).toBeUndefined();
    await advertiseUi(stateDir, record('/other'));
    expect(await findRunningUi(stateDir, '/stack')).toBeUndefined();
    writeFileSync(uiRecordPath(stateDir), '{"url": 3');
    expect(await findRunningUi(stateDir, '/stack')).toBeUndefined();
    expect(await findRunningUi(join(stateDir, 'missing'), '/stack')).toBeUndefined();
  });

  it('withdraws only its own record: another run that advertised since keeps its file', async () => {
    const stateDir = temp();
    await advertiseUi(stateDir, record('/stack', { token: 'b'.repeat(43) }));
    await withdrawUi(stateDir, TOKEN);
    expect(existsSync(uiRecordPath(stateDir))).toBe(true);
    await withdrawUi(stateDir, 'b'.repeat(43));
    expect(existsSync(uiRecordPath(stateDir))).toBe(false);
  });

  it('follows the open stack: a stack opened from the dashboard is advertised in its state folder, the old one withdrawn', async () => {
    const [first, second] = [temp(), temp()];
    const listeners = new Set<(event: EngineEvent) => void>();
    const logged: string[] = [];
    const advertisement = await advertiseWhileServing({
      engine: { subscribe: (listener) => { listeners.add(listener); return () => listeners.delete(listener); } },
      root: first,
      stateDirOf: (root) => join(root, '.stackdeck'),
      url: 'http://127.0.0.1:4000',
      token: TOKEN,
      log: (message) => logged.push(message),
    });
    expect(await findRunningUi(join(first, '.stackdeck'), first)).toBeDefined();
    for (const listener of listeners) listener({ type: 'stackOpened', root: second });
    await expect.poll(() => findRunningUi(join(second, '.stackdeck'), second)).toBeDefined();
    expect(existsSync(uiRecordPath(join(first, '.stackdeck')))).toBe(false);
    await advertisement.stop();
    expect(existsSync(uiRecordPath(join(second, '.stackdeck')))).toBe(false);
    expect(listeners.size).toBe(0);
    expect(logged).toEqual([]);
  });
});
