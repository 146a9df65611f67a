import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { DISCOVERY_DIR, DiscoveryRecordSchema, discoveryPath, readDiscoveryRecords, removeDiscovery, writeDiscovery, type DiscoveryRecord } from './discovery-files.ts';

const tempDir = tempDirsForEachTest();

const record = (service: string, extra: Partial<DiscoveryRecord> = {}): DiscoveryRecord => ({
  service,
  host: '127.0.0.1',
  port: 43_210,
  url: 'http://127.0.0.1:43210',
  pid: 4242,
  startedAt: '2025-01-02T03:04:05.000Z',
  pgid: 4241,
  runId: 'run-1',
  launcherPid: 4000,
  ...extra,
});

describe('writeDiscovery', () => {
  it('writes <service>_config.json in .service_discovery atomically: the record parses and no temp file is left', async () => {
    const root = tempDir();
    await writeDiscovery(root, record('auth'));
    expect(readdirSync(join(root, DISCOVERY_DIR))).toEqual(['auth_config.json']);
    expect(discoveryPath(root, 'auth')).toBe(join(root, '.service_discovery', 'auth_config.json'));
    const parsed = DiscoveryRecordSchema.parse(JSON.parse(readFileSync(discoveryPath(root, 'auth'), 'utf8')));
    expect(parsed).toEqual(record('auth'));
  });

  it('replaces an earlier record of the same service, still leaving one file', async () => {
    const root = tempDir();
    await writeDiscovery(root, record('backend', { port: 1111, url: 'http://127.0.0.1:1111' }));
    await writeDiscovery(root, record('backend', { port: 2222, url: 'http://127.0.0.1:2222' }));
    expect(readdirSync(join(root, DISCOVERY_DIR))).toEqual(['backend_config.json']);
    expect(JSON.parse(readFileSync(discoveryPath(root, 'backend'), 'utf8'))).toMatchObject({ port: 2222, url: 'http://127.0.0.1:2222' });
  });

  it('keeps every record whole while many are written at once', async () => {
    const root = tempDir();
    const services = Array.from({ length: 12 }, (_, index) => `svc-${index}`);
    await Promise.all(services.map((service, index) => writeDiscovery(root, record(service, { port: 40_000 + index }))));
    expect(readdirSync(join(root, DISCOVERY_DIR)).sort()).toEqual(services.map((service) => `${service}_config.json`).sort());
    const { records, problems } = await readDiscoveryRecords(root);
    expect(problems).toEqual([]);
    expect(records.map((entry) => entry.port).sort()).toEqual(services.map((_, index) => 40_000 + index));
  });

  it('rejects with an error naming the folder when .service_discovery is a regular file, and leaves no temp file', async () => {
    const root = tempDir({ [DISCOVERY_DIR]: 'not a folder\n' });
    await expect(writeDiscovery(root, record('auth'))).rejects.toThrow(/\.service_discovery/);
    expect(readdirSync(root)).toEqual([DISCOVERY_DIR]);
    expect(readFileSync(join(root, DISCOVERY_DIR), 'utf8')).toBe('not a folder\n');
  });
});

describe('removeDiscovery', () => {
  it('removes the record of one service and leaves the others', async () => {
    const root = tempDir();
    await writeDiscovery(root, record('auth'));
    await writeDiscovery(root, record('backend'));
    await removeDiscovery(root, 'auth');
    expect(existsSync(discoveryPath(root, 'auth'))).toBe(false);
    expect(readdirSync(join(root, DISCOVERY_DIR))).toEqual(['backend_config.json']);
  });

  it('is quiet when there is nothing to remove', async () => {
    const root = tempDir();
    await expect(removeDiscovery(root, 'auth')).resolves.toBeUndefined();
    await writeDiscovery(root, record('auth'));
    await removeDiscovery(root, 'auth');
    await expect(removeDiscovery(root, 'auth')).resolves.toBeUndefined();
  });
});

describe('readDiscoveryRecords', () => {
  it('returns nothing when there is no discovery folder', async () => {
    expect(await readDiscoveryRecords(tempDir())).toEqual({ records: [], problems: [] });
  });

  it('returns nothing when .service_discovery is a regular file', async () => {
    expect(await readDiscoveryRecords(tempDir({ [DISCOVERY_DIR]: 'x' }))).toEqual({ records: [], problems: [] });
  });

  it('reports a corrupt file and a foreign JSON file as problems, and still returns the good records', async () => {
    const root = tempDir({
      [`${DISCOVERY_DIR}/broken_config.json`]: '{"service": "broken", "port":',
      [`${DISCOVERY_DIR}/foreign_config.json`]: JSON.stringify({ name: 'from another tool', port: 8080 }),
      // Not ours by name: neither read nor reported.
      [`${DISCOVERY_DIR}/notes.txt`]: 'hello',
      [`${DISCOVERY_DIR}/auth_config.json.123.tmp`]: '{',
    });
    await writeDiscovery(root, record('auth'));
    const { records, problems } = await readDiscoveryRecords(root);
    expect(records).toEqual([record('auth')]);
    expect(problems).toHaveLength(2);
    const problemOf = (name: string) => problems.find((problem) => problem.file === join(root, DISCOVERY_DIR, name))?.problem;
    expect(problemOf('broken_config.json')).toMatch(/JSON/);
    expect(problemOf('foreign_config.json')).toMatch(/^not a Stackdeck discovery record \(.+\)$/);
  });

  it('reports a record missing the launcher fields (pgid, runId, launcherPid) as foreign', async () => {
    // The public part only, as the architecture page lists it: {service, host, port, url, pid, startedAt}.
    const { service, host, port, url, pid, startedAt } = record('old');
    const root = tempDir({ [`${DISCOVERY_DIR}/old_config.json`]: JSON.stringify({ service, host, port, url, pid, startedAt }) });
    const { records, problems } = await readDiscoveryRecords(root);
    expect(records).toEqual([]);
    expect(problems).toEqual([{ file: join(root, DISCOVERY_DIR, 'old_config.json'), problem: expect.stringMatching(/^not a Stackdeck discovery record/) }]);
  });

  it('reports a file it cannot read as a problem instead of throwing', async () => {
    const root = tempDir();
    await writeDiscovery(root, record('auth'));
    // A folder where a record should be: reading it fails with EISDIR.
    mkdirSync(join(root, DISCOVERY_DIR, 'dir_config.json'));
    const { records, problems } = await readDiscoveryRecords(root);
    expect(records).toEqual([record('auth')]);
    expect(problems).toEqual([{ file: join(root, DISCOVERY_DIR, 'dir_config.json'), problem: expect.stringMatching(/EISDIR/) }]);
  });
});
