import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FindingSchema } from '../../../shared/config/finding.ts';
import { ServiceReportSchema, type VariableReport } from '../../../shared/config/report-schema.ts';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { eventually } from '../../engine/testing/test-stack.ts';
import { spawnUp } from '../testing/spawn-up.ts';
import { pythonServicesRepo } from './python-repo.ts';

// A team's repository Stackdeck has never seen, end to end through the real CLI: init writes the stack, check finds no
// false errors, and what `stackdeck env` says each service gets is exactly what each running service sees.

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));
// Debian's python3 with its python3-dotenv, not a shim: the launcher gives services a clean environment.
const PYTHON_PATH = '/usr/bin:/bin';
const HAS_PYTHON_DOTENV = existsSync('/usr/bin/python3') && existsSync('/usr/lib/python3/dist-packages/dotenv');

const tempDir = tempDirsForEachTest();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(root: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args, '--root', root], { cwd: root, env: { PATH: PYTHON_PATH, HOME: root }, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
    children.push(child);
  });
}

const CheckReportSchema = z.object({
  services: z.array(z.object({ name: z.string(), findings: z.array(FindingSchema) })),
  findings: z.array(FindingSchema),
});
const HealthSchema = z.object({ status: z.literal('ok'), pid: z.number().int() });
const SeenEnvSchema = z.record(z.string(), z.string());
// What a service gets besides its variables: the launcher's system allowlist, Stackdeck's control variables, and what
// the OS or Python add on their own (PWD, SHLVL, LC_CTYPE by PEP 538's locale coercion).
const SYSTEM_KEY = /^(PATH|HOME|USER|LANG|LC_\w+|TZ|TMPDIR|TERM|SHELL|PWD|SHLVL|FORCE_COLOR|STACKDECK_\w+)$/;

async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  expect(response.status).toBe(200);
  return schema.parse(await response.json());
}

// What a service sees when run by hand from the repository root, as its README would say: `python3 api/app.py --port N`.
async function seenByHand(root: string, script: string): Promise<Record<string, string>> {
  const port = await freePort();
  const child = spawn('/usr/bin/python3', [script, '--port', String(port)], { cwd: root, env: { PATH: PYTHON_PATH, HOME: root }, stdio: 'ignore' });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    return await eventually(async () => {
      try {
        return await getJson(`http://127.0.0.1:${port}/env`, SeenEnvSchema);
      } catch {
        return undefined;
      }
    }, `${script} run by hand to answer`, 15_000);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

describe.skipIf(!HAS_PYTHON_DOTENV)('a repository of python-dotenv services, brought to Stackdeck', () => {
  it('init, check, env and up agree with what each service really sees, and Ctrl+C stops both cleanly', async () => {
    const root = tempDir(pythonServicesRepo());

    const before = await cli(root, ['check', '--json']);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/stackdeck init/);

    const init = await cli(root, ['init', '--yes']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    // What init cannot read in a Procfile, a person adds after reading its summary: the worker waits for the api and
    // gets the api's URL rather than the example's localhost:8000.
    const stackPath = join(root, 'stackdeck.json');
    const stack = JSON.parse(readFileSync(stackPath, 'utf8')) as { services: Record<string, Record<string, unknown>> };
    expect(Object.keys(stack.services).sort()).toEqual(['api', 'worker']);
    expect([stack.services.api?.envDir, stack.services.worker?.envDir]).toEqual(['api', 'worker']);
    stack.services.worker = { ...stack.services.worker, dependsOn: { api: 'started' }, peers: { API_URL: 'api' } };
    writeFileSync(stackPath, JSON.stringify(stack, null, 2));

    const check = await cli(root, ['check', '--json']);
    expect(check.stderr).toBe('');
    const report = CheckReportSchema.parse(JSON.parse(check.stdout));
    const findings = [...report.findings, ...report.services.flatMap((service) => service.findings)];
    const unknownKeys = findings.filter((finding) => finding.rule === 'unknown-key');
    const errors = findings.filter((finding) => finding.severity === 'error');
    expect(unknownKeys).toEqual([]);
    expect(errors).toEqual([]);
    expect(check.code).toBe(0);

    const shown = new Map<string, VariableReport[]>();
    for (const service of ['api', 'worker']) {
      const env = await cli(root, ['env', service, '--json']);
      expect(env.code).toBe(0);
      shown.set(service, ServiceReportSchema.parse(JSON.parse(env.stdout)).variables);
    }

    const launcher = spawnUp(root, { PATH: PYTHON_PATH, HOME: root });
    children.push(launcher.child);
    await eventually(() => launcher.events.find((event) => event.event === 'ready'), 'the stack to be ready', 30_000);
    const ready = new Map(launcher.events.filter((event) => event.event === 'service_ready').map((event) => [String(event.service), event]));

    let compared = 0;
    const disagreements: string[] = [];
    const pythonPids: number[] = [];
    for (const [service, variables] of shown) {
      const event = ready.get(service);
      expect(event, `${service} to be ready`).toBeDefined();
      const url = String(event?.url);
      const port = Number(event?.port);
      const health = await getJson(`${url}/health`, HealthSchema);
      pythonPids.push(health.pid);
      const seen = await getJson(`${url}/env`, SeenEnvSchema);
      // The service listens on exactly the port Stackdeck reported, and is told that port.
      expect(seen.PORT).toBe(String(port));
      expect(event?.listening, `${service}'s listening ports in its service_ready event`).toEqual({ ports: [port] });
      // No shell between: the process Stackdeck reports is the python program itself.
      expect(event?.pid).toBe(health.pid);
      // Nothing reaches the service that `stackdeck env` did not show, beyond the system's and Stackdeck's own few.
      const shownKeys = new Set(variables.map((variable) => variable.key));
      for (const key of Object.keys(seen)) {
        if (!shownKeys.has(key) && !SYSTEM_KEY.test(key)) disagreements.push(`${service} ${key}: the service sees ${JSON.stringify(seen[key])}, stackdeck env does not show it`);
      }
      for (const variable of variables) {
        if (variable.key === 'PORT') continue;
        if (variable.secret) {
          // `stackdeck env` has no way to reveal a secret: it is set, and never printed.
          if (variable.value !== null) {
            expect(variable.value).not.toBe(seen[variable.key]);
            expect(seen[variable.key]).toBeTruthy();
          }
          continue;
        }
        // A peer's URL is known only once the peer runs: it is the peer's reported URL.
        const expected = variable.key === 'API_URL' && service === 'worker' ? String(ready.get('api')?.url) : variable.value ?? undefined;
        compared++;
        if (seen[variable.key] !== expected) disagreements.push(`${service} ${variable.key}: stackdeck says ${JSON.stringify(expected)}, the service sees ${JSON.stringify(seen[variable.key])}`);
      }
      // Run by hand (its own load_dotenv, no Stackdeck), a service reads its own files: Stackdeck must say the same.
      const byHand = await seenByHand(root, `${service}/app.py`);
      for (const variable of variables) {
        const own = byHand[variable.key];
        if (own === undefined || variable.key === 'PORT' || variable.key === 'API_URL') continue;
        compared++;
        // A secret is masked in env's output: the value it really gets under up is compared instead.
        if (variable.secret ? own !== seen[variable.key] : own !== variable.value) disagreements.push(`${service} ${variable.key}: stackdeck says ${JSON.stringify(variable.value)}, the service run by hand reads ${JSON.stringify(own)} from its own .env`);
      }
    }
    console.log(`python-dotenv repository: unknown-key findings before init: none (check refuses without a stack file, exit ${before.code}); after init: ${unknownKeys.length}; errors ${errors.length}; warnings ${findings.filter((finding) => finding.severity === 'warning').map((finding) => `${finding.service ?? ''} ${finding.key ?? ''} [${finding.rule}]`).join(', ') || 'none'}; values compared ${compared}; disagreements ${disagreements.length}${disagreements.map((line) => `\n  ${line}`).join('')}`);
    expect(disagreements).toEqual([]);

    launcher.child.kill('SIGINT');
    expect(await launcher.exited).toBe(0);
    const logs = launcher.events.filter((event) => event.event === 'log').map((event) => `${String(event.service)}: ${String(event.text)}`);
    expect(logs).toEqual(expect.arrayContaining([expect.stringMatching(/^api: api: stopped cleanly/), expect.stringMatching(/^worker: worker: stopped cleanly/)]));
    const pids = [...pythonPids, ...[...ready.values()].map((event) => Number(event.pid))];
    await eventually(() => pids.every((pid) => !alive(pid)), 'no service process to survive', 10_000);
  }, 60_000);
});
