import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { MAX_ENV_FILE_BYTES, readEnvFile, type EnvFileRead } from './read-env-file.ts';

const tempDir = tempDirsForEachTest();

// A read that never settles is a hung launcher: fail the test in bounded time instead.
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Every bad input must end as exactly this: one env-file-parse finding naming the file, no entries.
function expectOneParseFinding(read: EnvFileRead, path: string): Finding {
  expect(read.path).toBe(path);
  expect(read.entries).toEqual([]);
  expect(read.problems).toHaveLength(1);
  const [finding] = read.problems as [Finding];
  expect(finding).toMatchObject({ rule: 'env-file-parse', file: path });
  expect(finding.message).toContain(path);
  expect(finding.suggestion.length).toBeGreaterThan(0);
  return finding;
}

describe('readEnvFile', () => {
  it('reads a normal file into entries with their 1-based lines', async () => {
    const dir = tempDir({ '.env': '# database\nPOSTGRES_HOST=db.internal\n\nexport PORT=8080\nNAME="two words"\n' });
    const read = await readEnvFile(join(dir, '.env'));
    expect(read).toMatchObject({ path: join(dir, '.env'), exists: true, problems: [] });
    expect(read.entries.map(({ key, value, line }) => ({ key, value, line }))).toEqual([
      { key: 'POSTGRES_HOST', value: 'db.internal', line: 2 },
      { key: 'PORT', value: '8080', line: 4 },
      { key: 'NAME', value: 'two words', line: 5 },
    ]);
  });

  it('reports a missing file as not existing, with no problem', async () => {
    const dir = tempDir();
    await expect(readEnvFile(join(dir, '.env'))).resolves.toEqual({ path: join(dir, '.env'), exists: false, entries: [], problems: [] });
  });

  it('gives a finding, not a throw, for a directory where the file is expected', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.env'));
    const read = await readEnvFile(join(dir, '.env'));
    expect(read.exists).toBe(true);
    expect(expectOneParseFinding(read, join(dir, '.env')).message).toMatch(/directory/);
  });

  it('gives a finding for binary garbage with NUL bytes, naming the line of the first NUL', async () => {
    const garbage = Buffer.concat([Buffer.from('A=1\nB=2\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0x0a, 0x00])]);
    const dir = tempDir({ '.env': garbage });
    const finding = expectOneParseFinding(await readEnvFile(join(dir, '.env')), join(dir, '.env'));
    expect(finding).toMatchObject({ severity: 'error', line: 3 });
    expect(finding.message).toMatch(/binary|NUL/);
  });

  it('names line 3 for invalid UTF-8 there and still parses every line', async () => {
    const bytes = Buffer.concat([Buffer.from('A=1\nB=2\nC=caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\nD=4\n')]);
    const dir = tempDir({ '.env': bytes });
    const read = await readEnvFile(join(dir, '.env'));
    expect(read.problems).toEqual([expect.objectContaining({ rule: 'env-file-parse', file: join(dir, '.env'), line: 3 })]);
    expect(read.entries.map(({ key, line }) => [key, line])).toEqual([['A', 1], ['B', 2], ['C', 3], ['D', 4]]);
    expect(read.entries.find((entry) => entry.key === 'D')?.value).toBe('4');
  });

  // Regression: bad UTF-8 was placed by counting only \n, while the parser also ends lines at a lone \r.
  it('names the same line as the parser for invalid UTF-8 in a file with CR-only line endings', async () => {
    const bytes = Buffer.concat([Buffer.from('A=1\rB=2\rC='), Buffer.from([0xff]), Buffer.from('\rD=4\r')]);
    const dir = tempDir({ '.env': bytes });
    const read = await readEnvFile(join(dir, '.env'));
    expect(read.entries.find((entry) => entry.key === 'C')?.line).toBe(3);
    expect(read.problems).toEqual([expect.objectContaining({ rule: 'env-file-parse', line: 3 })]);
  });

  it('gives a finding for a 10 MB file quickly, without reading it', async () => {
    const dir = tempDir({ '.env': Buffer.alloc(10 * 1024 * 1024, 'A=1\n') });
    const read = await within(readEnvFile(join(dir, '.env')), 5_000, 'reading a 10 MB file');
    const finding = expectOneParseFinding(read, join(dir, '.env'));
    expect(finding.severity).toBe('error');
    expect(finding.message).toMatch(/10(\.0)? MB/);
  });

  it('still reads a file just under the size limit', async () => {
    const line = 'A=1\n';
    const dir = tempDir({ '.env': line.repeat(Math.floor(MAX_ENV_FILE_BYTES / line.length)) });
    const read = await readEnvFile(join(dir, '.env'));
    expect(read.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(read.entries.length).toBe(Math.floor(MAX_ENV_FILE_BYTES / line.length));
  });

  it('gives a finding for a FIFO and does not hang waiting for a writer', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, '.env')]);
    const read = await within(readEnvFile(join(dir, '.env')), 2_000, 'reading a FIFO');
    expect(expectOneParseFinding(read, join(dir, '.env')).message).toMatch(/not a regular file/);
  });

  it('gives a finding for a symlink to an endless device (/dev/zero) and does not read it', async () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', join(dir, '.env'));
    const read = await within(readEnvFile(join(dir, '.env')), 2_000, 'reading /dev/zero');
    expectOneParseFinding(read, join(dir, '.env'));
  });

  it('gives a finding for a symlink loop', async () => {
    const dir = tempDir();
    symlinkSync('.env', join(dir, '.env'));
    expectOneParseFinding(await readEnvFile(join(dir, '.env')), join(dir, '.env'));
  });

  it('gives a "permission denied" finding for a file its user may not read', async () => {
    const dir = tempDir({ '.env': 'SECRET_KEY=unreadable\n' });
    const path = join(dir, '.env');
    chmodSync(dir, 0o755);
    chmodSync(path, 0o000);
    const read = process.getuid?.() === 0 ? readAsNobody(path) : await readEnvFile(path);
    const finding = expectOneParseFinding(read, path);
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain('permission denied');
  });
});

// Root reads any file, so the read runs in a real child process as nobody (uid 65534) to meet a real EACCES.
function readAsNobody(path: string): EnvFileRead {
  const moduleUrl = new URL('./read-env-file.ts', import.meta.url).href;
  const code = [
    `import { readEnvFile } from ${JSON.stringify(moduleUrl)};`,
    `const read = await readEnvFile(${JSON.stringify(path)});`,
    'process.stdout.write(JSON.stringify({ uid: process.getuid(), read }));',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    uid: 65534,
    gid: 65534,
    cwd: '/',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(child.error).toBeUndefined();
  expect(child.status, child.stderr).toBe(0);
  const { uid, read } = JSON.parse(child.stdout) as { uid: number; read: EnvFileRead };
  expect(uid).toBe(65534);
  return read;
}

describe('readEnvFile with a dialect', () => {
  it('reads the file as the named loader does, expanding from the environment it is given', async () => {
    const dir = tempDir({ '.env': 'HOST=db\nURL=postgres://${HOST}/${NAME}\n' });
    const outside = (name: string) => (name === 'NAME' ? { value: 'app', source: { kind: 'os' as const } } : undefined);
    const python = await readEnvFile(join(dir, '.env'), 'python-dotenv', outside);
    expect(python.entries[1]).toMatchObject({ value: 'postgres://db/app', raw: 'postgres://${HOST}/${NAME}' });
    const node = await readEnvFile(join(dir, '.env'));
    expect(node.entries[1]?.value).toBe('postgres://${HOST}/${NAME}');
  });
});
