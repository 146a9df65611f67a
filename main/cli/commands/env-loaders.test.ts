import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanup = () => {};
afterEach(() => cleanup());

// A Python service that loads its own .env with override, run from its own folder.
function stack(): string {
  const temp = makeTempDir({
    'stackdeck.json': JSON.stringify({ services: { api: { command: ['python3', 'main.py'], cwd: 'api', envDir: 'api', variables: { LOG_LEVEL: { type: 'enum', values: ['debug', 'info', 'warn'] }, PORT: { type: 'port' } }, port: { variable: 'PORT' } } } }),
    'api/main.py': "import os\nfrom dotenv import load_dotenv\n\n# load_dotenv('old.env')\nload_dotenv('.env', override=True)\n",
    'api/.env': 'LOG_LEVEL=debug\nPORT=8000\n',
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

describe('stackdeck env and check with a loader in the service code', () => {
  it('env says above the variables that the service loads .env itself and that .env then beats the launcher', async () => {
    const result = await runInProcess(['env', 'api'], { cwd: stack() });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe("loaded by the service: api/main.py:5 load_dotenv('.env', override=True): api/.env beats the launcher");
    const json = JSON.parse((await runInProcess(['env', 'api', '--json'], { cwd: stack() })).stdout) as { loaders: unknown[] };
    expect(json.loaders).toMatchObject([{ kind: 'python-dotenv', file: 'api/main.py', line: 5, override: true, files: ['api/.env'] }]);
    const one = await runInProcess(['env', 'api', 'LOG_LEVEL'], { cwd: stack() });
    expect(one.stdout.split('\n')[0]).toContain('loaded by the service: api/main.py:5');
  });

  it('check reports the OS value the loader replaces at the loader, a warning in development and an error in production', async () => {
    const development = await runInProcess(['check'], { cwd: stack(), env: { LOG_LEVEL: 'warn' } });
    expect(development.stdout).toContain("api/main.py:5: warning: load_dotenv('.env', override=True) replaces LOG_LEVEL (OS environment: warn) with debug from api/.env:1, so the OS environment's value does not reach the service [loader-override]");
    const production = await runInProcess(['check', '--profile', 'production'], { cwd: stack(), env: { LOG_LEVEL: 'warn' } });
    expect(production.code).toBe(1);
    expect(production.stdout).toMatch(/api\/main\.py:5: error: .*\[loader-override\]/);
  });

  it("check names the port the service's loader takes from its .env instead of the one the launcher allocates", async () => {
    const result = await runInProcess(['check'], { cwd: stack() });
    expect(result.stdout).toContain("api/main.py:5: warning: load_dotenv('.env', override=True) replaces PORT (launcher: set at start) with 8000 from api/.env:2, so the service listens where Stackdeck does not expect [loader-override]");
    expect(result.stdout).toContain('Drop override=True so what Stackdeck passes wins, or remove PORT from api/.env');
  });
});
