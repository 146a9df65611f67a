import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { startOrder } from '../../../shared/stack/stack-file-schema.ts';
import { StackFileError, loadStackFile } from './load-stack-file.ts';

const tempDir = tempDirsForEachTest();
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function problemsOf(text: string): Promise<string[]> {
  const error = await loadStackFile(tempDir({ 'stackdeck.json': text })).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StackFileError);
  // Each problem is `file:line:column: field: message`; the field and message are what these tests compare.
  return (error as StackFileError).problems.map((problem) => problem.replace(/^\S*stackdeck\.json:\d+:\d+: (?=\w+\.|\(top)/, ''));
}

const service = (extra: object = {}) => ({ command: ['node', 'main.ts'], envDir: 'svc', ...extra });

describe('loadStackFile', () => {
  it('loads the repository\'s own stack file with auth before backend', async () => {
    const { stack } = await loadStackFile(REPO_ROOT);
    expect(startOrder(stack)).toEqual(['auth', 'backend']);
    expect(stack.services.backend).toMatchObject({ dependsOn: { auth: 'healthy' }, peers: { AUTH_SERVICE_URL: 'auth' }, port: { preferred: 8000, ifTaken: 'another' } });
  });

  it('fills defaults a user may leave out', async () => {
    const { stack } = await loadStackFile(tempDir({ 'stackdeck.json': JSON.stringify({ services: { api: service() } }) }));
    expect(stack.services.api).toMatchObject({ cwd: '.', dependsOn: {}, exitWithStdin: false, stopGraceSeconds: 5, restart: { policy: 'on-failure', maxRestarts: 5 } });
  });

  it('names line and column of a JSON error', async () => {
    expect(await problemsOf('{\n  "services": {\n    "api": }\n}')).toEqual([expect.stringMatching(/stackdeck\.json:3:12: ValueExpected$/)]);
    // Comments are fine in a hand-written file.
    const { stack } = await loadStackFile(tempDir({ 'stackdeck.json': '{ // my stack\n "services": { "api": { "command": ["x"], "envDir": "." } } }' }));
    expect(Object.keys(stack.services)).toEqual(['api']);
  });

  it('names the field at fault for schema errors', async () => {
    const problems = await problemsOf(JSON.stringify({ services: { api: service({ dependsOn: { auht: 'healthy' }, port: { preferred: 70000 } }), Bad_Name: service() } }));
    expect(problems).toEqual(['services.api.port.preferred: a port is 1 to 65535', 'services.Bad_Name: a service name is lower-case letters, digits and dashes']);
    expect(await problemsOf(JSON.stringify({ services: { api: service({ dependsOn: { auht: 'healthy' } }) } }))).toEqual([
      'services.api.dependsOn.auht: no service \'auht\' in this stack (services: api)',
    ]);
  });

  it('refuses dependency cycles, unknown peers and readiness without a probe', async () => {
    const problems = await problemsOf(JSON.stringify({ services: {
      a: service({ dependsOn: { b: 'started' }, readiness: {} }),
      b: service({ dependsOn: { a: 'healthy' }, peers: { X_URL: 'a' } }),
    } }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('dependsOn forms a cycle: a -> b -> a'),
      'services.b.peers.X_URL: \'a\' has no port, so it has no URL to give',
      'services.a.readiness: readiness needs `http` or `log` (or both)',
    ]));
  });

  it('says so when there is no stack file', async () => {
    expect((await problemsOf('')).length).toBeGreaterThan(0);
    const error: unknown = await loadStackFile(tempDir()).catch((caught: unknown) => caught);
    expect((error as StackFileError).problems[0]).toMatch(/no stackdeck\.json in /);
  });
});
