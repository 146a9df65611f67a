import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { demoServices } from '../../../shared/config/testing/demo-stack.ts';
import { waitFor } from './testing/wait-for.ts';
import { watchEnvFiles, type EnvFileWatcher, type WatchEnvFilesOptions } from './watch-env-files.ts';

const tempDir = tempDirsForEachTest();
const open: EnvFileWatcher[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((watcher) => watcher.close()));
});

async function watching(options: Omit<WatchEnvFilesOptions, 'onChange'>) {
  const batches: string[][] = [];
  const errors: Error[] = [];
  const watcher = watchEnvFiles({ onError: (error) => errors.push(error), ...options, onChange: (paths) => void batches.push(paths) });
  open.push(watcher);
  await watcher.ready;
  const seen = (path: string) => waitFor(`a change to ${path}`, () => batches.flat().includes(path));
  return { watcher, batches, errors, seen };
}

describe('watchEnvFiles', () => {
  it('reports an edit to a service\'s .env', async () => {
    const root = tempDir({ 'services/auth/.env': 'LOG_LEVEL=info\n', 'services/backend/.env': '' });
    const { seen } = await watching({ root, services: demoServices() });
    writeFileSync(join(root, 'services/auth/.env'), 'LOG_LEVEL=debug\n');
    await seen(join(root, 'services/auth/.env'));
  });

  it('reports files written together in one batch', async () => {
    const root = tempDir({ 'services/auth/.env': '', 'services/backend/.env': '' });
    const { batches } = await watching({ root, services: demoServices() });
    const paths = [join(root, '.env'), join(root, 'services/auth/.env'), join(root, 'services/backend/.env.local')];
    for (const path of paths) writeFileSync(path, 'LOG_LEVEL=debug\n');
    const batch = await waitFor('a batch with all three files', () => batches.find((candidate) => paths.every((path) => candidate.includes(path))));
    expect(batch).toEqual([...paths].sort());
  });

  it('ignores files that are not .env or .env.*, and folders below the env folders', async () => {
    const root = tempDir({ 'services/auth/.env': '', 'services/backend/.env': '' });
    const { batches, seen } = await watching({ root, services: demoServices() });
    writeFileSync(join(root, 'README.md'), 'x');
    writeFileSync(join(root, 'services/auth/.envrc'), 'x');
    writeFileSync(join(root, 'services/.env'), 'x');
    mkdirSync(join(root, 'services/auth/node_modules/pkg'), { recursive: true });
    writeFileSync(join(root, 'services/auth/node_modules/pkg/.env'), 'x');
    // A change that is reported, after the others: once it is seen, the others had their chance.
    writeFileSync(join(root, 'services/backend/.env'), 'LOG_LEVEL=debug\n');
    await seen(join(root, 'services/backend/.env'));
    expect(batches.flat()).toEqual([join(root, 'services/backend/.env')]);
  });

  it('reports a deleted file', async () => {
    const root = tempDir({ 'services/auth/.env.local': 'A=1\n' });
    const { seen } = await watching({ root, services: demoServices() });
    rmSync(join(root, 'services/auth/.env.local'));
    await seen(join(root, 'services/auth/.env.local'));
  });

  it('reports a file replaced by a directory, and the directory replaced by a file again', async () => {
    const root = tempDir({ 'services/auth/.env': 'A=1\n' });
    const path = join(root, 'services/auth/.env');
    const { batches, seen } = await watching({ root, services: demoServices() });
    rmSync(path);
    mkdirSync(path);
    await seen(path);
    batches.length = 0;
    rmSync(path, { recursive: true });
    writeFileSync(path, 'A=2\n');
    await seen(path);
  });

  it('reports a directory turned back into a file step by step, and edits after it (chokidar alone misses these)', async () => {
    const root = tempDir({ 'services/auth/.env': 'A=1\n' });
    const path = join(root, 'services/auth/.env');
    const { batches, seen } = await watching({ root, services: demoServices() });
    for (const step of [() => rmSync(path), () => mkdirSync(path), () => { rmSync(path, { recursive: true }); writeFileSync(path, 'A=2\n'); }, () => writeFileSync(path, 'A=3\n')]) {
      batches.length = 0;
      step();
      await seen(path);
    }
  });

  it('reports a .env.local created later', async () => {
    const root = tempDir({ 'services/backend/.env': 'A=1\n' });
    const { seen } = await watching({ root, services: demoServices() });
    writeFileSync(join(root, 'services/backend/.env.local'), 'A=2\n');
    await seen(join(root, 'services/backend/.env.local'));
  });

  it('notices a service folder that does not exist yet, then edits inside it', async () => {
    const root = tempDir({ '.env': '' });
    const { batches, seen } = await watching({ root, services: demoServices() });
    mkdirSync(join(root, 'services/auth'), { recursive: true });
    writeFileSync(join(root, 'services/auth/.env'), 'A=1\n');
    await waitFor('the new folder or its file', () => batches.flat().some((path) => path.startsWith(join(root, 'services/auth'))));
    batches.length = 0;
    writeFileSync(join(root, 'services/auth/.env'), 'A=2\n');
    await seen(join(root, 'services/auth/.env'));
  });

  it('keeps watching a service folder that is deleted and created again', async () => {
    const root = tempDir({ 'services/auth/.env': 'A=1\n' });
    const { batches, seen } = await watching({ root, services: demoServices() });
    rmSync(join(root, 'services/auth'), { recursive: true });
    await seen(join(root, 'services/auth'));
    mkdirSync(join(root, 'services/auth'));
    writeFileSync(join(root, 'services/auth/.env'), 'A=2\n');
    await waitFor('the folder back', () => batches.flat().filter((path) => path.startsWith(join(root, 'services/auth'))).length >= 2);
    batches.length = 0;
    writeFileSync(join(root, 'services/auth/.env'), 'A=3\n');
    await seen(join(root, 'services/auth/.env'));
  });

  it('keeps watching a service folder replaced in one go under the same name', async () => {
    const root = tempDir({ 'services/auth/.env': 'A=1\n', 'staged/.env': 'A=2\n' });
    const { batches, seen } = await watching({ root, services: demoServices() });
    rmSync(join(root, 'services/auth'), { recursive: true });
    renameSync(join(root, 'staged'), join(root, 'services/auth'));
    await seen(join(root, 'services/auth'));
    batches.length = 0;
    writeFileSync(join(root, 'services/auth/.env'), 'A=3\n');
    await seen(join(root, 'services/auth/.env'));
  });

  it('follows an editor\'s atomic saves (a temp file renamed over .env), one after another', async () => {
    const root = tempDir({ 'services/auth/.env': 'A=0\n' });
    const path = join(root, 'services/auth/.env');
    const { batches, seen } = await watching({ root, services: demoServices() });
    for (let i = 1; i <= 3; i++) {
      batches.length = 0;
      writeFileSync(join(root, 'services/auth/.env.tmp~'), `A=${i}\n`);
      renameSync(join(root, 'services/auth/.env.tmp~'), path);
      await seen(path);
    }
  });

  it('watches --env-dir and its service folders, even when the env dir is created later and re-created', async () => {
    const root = tempDir({ 'stackdeck.json': '{}' });
    const envDir = join(root, 'envs');
    const { batches, seen } = await watching({ root, services: demoServices(), envDir });
    mkdirSync(join(envDir, 'auth'), { recursive: true });
    await seen(envDir);
    writeFileSync(join(envDir, 'auth/.env'), 'A=1\n');
    await seen(join(envDir, 'auth/.env'));
    // Regenerated by a script: the folder goes and comes back under the same name.
    console.log(Date.now() % 100000, 'RM');
    rmSync(envDir, { recursive: true });
    mkdirSync(join(root, 'envs-next/auth'), { recursive: true });
    writeFileSync(join(root, 'envs-next/auth/.env'), 'A=2\n');
    renameSync(join(root, 'envs-next'), envDir);
    await waitFor('the env dir back', () => batches.flat().filter((path) => path === envDir).length >= 2);
    batches.length = 0;
    console.log(Date.now() % 100000, 'WRITE .env');
    writeFileSync(join(envDir, '.env'), 'A=3\n');
    await seen(join(envDir, '.env'));
    batches.length = 0;
    console.log(Date.now() % 100000, 'WRITE auth/.env');
    writeFileSync(join(envDir, 'auth/.env'), 'A=4\n');
    await seen(join(envDir, 'auth/.env'));
  });

  it('stays narrow: nothing below the env folders is watched', async () => {
    const files: Record<string, string> = { 'services/auth/.env': '', 'services/backend/.env.local': '', 'services/backend/main.ts': '' };
    for (let i = 0; i < 200; i++) files[`services/backend/node_modules/pkg${i}/index.js`] = '';
    const root = tempDir(files);
    const { watcher } = await watching({ root, services: demoServices() });
    const watched = watcher.watchedPaths();
    expect(watched.filter((path) => path.startsWith(root))).toEqual([
      root,
      join(root, 'services'),
      join(root, 'services/auth'),
      join(root, 'services/auth/.env'),
      join(root, 'services/backend'),
      join(root, 'services/backend/.env.local'),
    ].sort());
  });

  it('reports nothing after close', async () => {
    const root = tempDir({ 'services/auth/.env': '' });
    const closed = await watching({ root, services: demoServices() });
    // A second watcher on the same folder tells when the first would have reported.
    const witness = await watching({ root, services: demoServices() });
    await closed.watcher.close();
    writeFileSync(join(root, 'services/auth/.env'), 'A=1\n');
    await witness.seen(join(root, 'services/auth/.env'));
    expect(closed.batches).toEqual([]);
    expect(closed.watcher.watchedPaths()).toEqual([]);
  });

  it('passes a listener\'s failure to onError and keeps watching', async () => {
    const root = tempDir({ 'services/auth/.env': '' });
    const errors: Error[] = [];
    const batches: string[][] = [];
    const watcher = watchEnvFiles({
      root,
      services: demoServices(),
      onError: (error) => errors.push(error),
      onChange: async (paths) => {
        batches.push(paths);
        if (batches.length === 1) throw new Error('listener broke');
      },
    });
    open.push(watcher);
    await watcher.ready;
    writeFileSync(join(root, 'services/auth/.env'), 'A=1\n');
    await waitFor('the error', () => errors.length > 0);
    expect(errors[0]?.message).toBe('listener broke');
    writeFileSync(join(root, 'services/auth/.env'), 'A=2\n');
    await waitFor('a second batch', () => batches.length >= 2);
  });

  it('can be closed before it is ready', async () => {
    const root = tempDir({ 'services/auth/.env': '' });
    const watcher = watchEnvFiles({ root, services: demoServices(), onChange: () => {} });
    await watcher.close();
    await watcher.ready;
    expect(watcher.watchedPaths()).toEqual([]);
  });
});
