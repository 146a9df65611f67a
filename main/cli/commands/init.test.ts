import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VariablesFileSchema, type VariablesFile } from '../../../shared/config/schema-file/variables-file.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { StackFileSchema, type StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { COMPOSE_REPO, NPM_WORKSPACES_REPO, PYTHON_PROCFILE_REPO } from '../init/testing/fixture-repos.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function repo(files: Record<string, string>): string {
  const temp = makeTempDir(files);
  cleanups.push(temp.cleanup);
  return temp.dir;
}

// What init wrote, read back through the schemas the loader uses: a file that does not validate fails here.
function written(root: string): { stack: StackFile; variables: (path: string) => VariablesFile['variables'] } {
  const stack = StackFileSchema.parse(JSON.parse(readFileSync(join(root, 'stackdeck.json'), 'utf8')));
  return { stack, variables: (path) => VariablesFileSchema.parse(JSON.parse(readFileSync(join(root, path), 'utf8'))).variables };
}

describe('stackdeck init', () => {
  it('a Procfile + FastAPI repository: one python-dotenv service on $PORT, variables from code, .env and .env.example', async () => {
    const root = repo(PYTHON_PROCFILE_REPO);
    const result = await runInProcess(['init', '--yes'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { stack, variables } = written(root);
    expect(Object.keys(stack.services)).toEqual(['web']);
    expect(stack.services.web).toMatchObject({
      command: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '${PORT}'],
      cwd: '.', envDir: '.', schema: 'stackdeck.variables.json', envDialect: 'python-dotenv', port: { variable: 'PORT' },
    });
    expect(variables('stackdeck.variables.json')).toEqual({
      ADMIN_EMAIL: { type: 'email', description: 'read at app/config.py:9', required: true },
      DATABASE_URL: { type: 'url', schemes: ['postgresql'], description: 'read at app/config.py:4', required: true },
      DEBUG: { type: 'boolean', description: 'read at app/config.py:7', required: false, default: 'false' },
      LEGACY_FLAG: { type: 'integer', description: 'set in .env:4; no read found in the code', required: false },
      REDIS_URL: { type: 'url', schemes: ['redis'], description: 'read at app/config.py:5', required: false, default: 'redis://localhost:6379/0' },
      SECRET_KEY: { type: 'string', description: 'read at app/config.py:6', required: true, secret: true },
      SENTRY_DSN: { type: 'string', description: 'listed in .env.example:4; no read found in the code', required: true },
      SMTP_PORT: { type: 'port', description: 'read at app/config.py:8', required: false, default: '587' },
    });
    expect(result.stdout).toContain('  web  uvicorn app.main:app --host 0.0.0.0 --port ${PORT}  cwd ., from Procfile (web), python-dotenv, 8 variables\n');
    expect(result.stdout).toContain('  skipped release (Procfile): a release-phase command runs once per deploy, it is not a service\n');
    expect(result.stdout).toContain('  web: port: PORT, from $PORT in its Procfile line (Heroku convention)\n');
    expect(result.stdout).toContain('  secret (by name): SECRET_KEY\n');
    expect(result.stdout).toContain('  required (in an example file, no default in code): ADMIN_EMAIL, DATABASE_URL, SECRET_KEY, SENTRY_DSN\n');
    // Values of secrets are never copied into the files init writes.
    expect(readFileSync(join(root, 'stackdeck.variables.json'), 'utf8')).not.toContain('dev-secret-not-real');
  });

  it('a compose repository: built services with command, env_file, environment, ports, depends_on and healthcheck; images skipped', async () => {
    const root = repo(COMPOSE_REPO);
    const result = await runInProcess(['init', '--yes'], { cwd: root });
    expect(result.code).toBe(0);
    const { stack, variables } = written(root);
    expect(Object.keys(stack.services)).toEqual(['api', 'worker', 'web']);
    expect(stack.services.api).toMatchObject({
      command: ['node', 'server.js'], cwd: 'api', envDir: 'api', schema: 'api/stackdeck.variables.json', envDialect: 'compose',
      port: { variable: 'PORT', preferred: 8080, ifTaken: 'another' }, dependsOn: {},
      readiness: { http: '/health' }, healthCheck: { http: '/health', intervalSeconds: 10 },
    });
    expect(stack.services.worker).toMatchObject({
      command: ['python', 'worker.py'], cwd: 'worker', schema: 'worker/stackdeck.variables.json', dependsOn: { api: 'healthy' },
    });
    expect(variables('api/stackdeck.variables.json')).toEqual({
      DATABASE_URL: { type: 'url', schemes: ['postgres'], description: 'read at api/server.js:3', required: false, default: 'postgres://postgres@db:5432/app' },
      FEATURE_BETA: { type: 'boolean', description: 'set in api/.env:2; no read found in the code', required: false },
      JWT_SECRET: { type: 'string', description: 'read at api/server.js:5', required: false, secret: true },
      LOG_LEVEL: { type: 'string', description: 'read at api/server.js:4', required: false, default: 'info' },
      PORT: { type: 'port', description: 'read at api/server.js:2', required: false, default: '8080' },
    });
    expect(Object.keys(variables('worker/stackdeck.variables.json'))).toEqual(['API_URL', 'QUEUE_NAME']);
    expect(result.stdout).toContain('skipped db (docker-compose.yml (db)): image-only (postgres:16)');
    // Built without a compose command: the program in its folder (package.json's start) supplies it.
    expect(stack.services.web).toMatchObject({ command: ['npm', 'run', 'start'], cwd: 'web', envDialect: 'node-dotenv', dependsOn: { api: 'started' }, port: { preferred: 3000, ifTaken: 'fail' } });
    expect(result.stdout).toContain('  web: command: from web/package.json (start: node index.js)\n');
    expect(result.stdout).toContain('skipped admin (docker-compose.yml (admin)): builds admin but has no command, and no program was recognised there: add its command by hand');
    expect(result.stdout).toContain('  api: depends on db, which Stackdeck does not start: dropped (start it yourself first)\n');
    expect(result.stdout).toContain('  api: health: GET /health from its compose healthcheck\n');
  });

  it('npm workspaces: a Next.js app and a Node API with their scripts and folders; a library without a dev script skipped', async () => {
    const root = repo(NPM_WORKSPACES_REPO);
    const result = await runInProcess(['init', '--yes'], { cwd: root });
    expect(result.code).toBe(0);
    const { stack, variables } = written(root);
    expect(stack.services).toMatchObject({
      api: { command: ['npm', 'run', 'start'], cwd: 'apps/api', envDir: 'apps/api', envDialect: 'node-dotenv', port: { variable: 'PORT' } },
      web: { command: ['npm', 'run', 'dev'], cwd: 'apps/web', envDir: 'apps/web', envDialect: 'dotenv-expand', port: { variable: 'PORT', preferred: 3000 } },
    });
    expect(variables('apps/web/stackdeck.variables.json')).toEqual({
      NEXTAUTH_SECRET: { type: 'string', description: 'read at apps/web/lib/auth.ts:1', required: true, secret: true },
      NEXTAUTH_URL: { type: 'url', schemes: ['http', 'https'], description: 'read at apps/web/lib/auth.ts:1', required: true },
      NEXT_PUBLIC_API_URL: { type: 'url', schemes: ['http', 'https'], description: 'read at apps/web/app/page.tsx:2', required: true },
    });
    const api = variables('apps/api/stackdeck.variables.json');
    expect(Object.keys(api)).toEqual(['CORS_ORIGIN', 'DATABASE_URL', 'PORT', 'SHARED_ANALYTICS_ID', 'STRIPE_API_KEY']);
    expect(api.PORT).toMatchObject({ type: 'port', default: '4000' });
    expect(api.SHARED_ANALYTICS_ID).toMatchObject({ description: 'set in .env:1; no read found in the code' });
    expect(api.STRIPE_API_KEY).toMatchObject({ secret: true });
    expect(result.stdout).toContain('skipped ui (packages/ui/package.json): no dev or start script (a library?)');
    expect(result.stdout).toContain("not declared: BRAND_COLOR: read in code under no service's folder (first at packages/ui/src/theme.ts:1)");
    expect(result.stdout).not.toContain('NEXT_INTERNAL_ONLY');
  });

  it('never overwrites stackdeck.json without --force (exit 2, file untouched); --force rewrites it and its variables files', async () => {
    const root = repo({ ...PYTHON_PROCFILE_REPO, 'stackdeck.json': '{ "services": {} }\n' });
    const refused = await runInProcess(['init', '--yes'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(root, 'stackdeck.json')} already exists; init does not overwrite it (--force does, with its variables files)`);
    expect(readFileSync(join(root, 'stackdeck.json'), 'utf8')).toBe('{ "services": {} }\n');
    expect(existsSync(join(root, 'stackdeck.variables.json'))).toBe(false);

    const forced = await runInProcess(['init', '--yes', '--force'], { cwd: root });
    expect(forced.code).toBe(0);
    expect(Object.keys(written(root).stack.services)).toEqual(['web']);
  });

  it('does not overwrite a variables file someone wrote by hand without --force', async () => {
    const root = repo({ ...COMPOSE_REPO, 'api/stackdeck.variables.json': '{ "variables": {} }\n' });
    const refused = await runInProcess(['init'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('api/stackdeck.variables.json already exists; init does not overwrite (--force does)');
    expect(existsSync(join(root, 'stackdeck.json'))).toBe(false);
  });

  it('on a folder with nothing recognisable, exits 2 saying exactly what it looked for', async () => {
    const root = repo({ 'README.md': '# notes\n', 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n' });
    const result = await runInProcess(['init', '--root', root], { cwd: '/' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe([
      `stackdeck: nothing to run was recognised in ${root}. init looked for:`,
      '  - a compose file (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml)',
      '  - a Procfile',
      '  - package.json with a dev or start script (or workspaces that have one)',
      '  - a Python entry point (manage.py; main.py, app.py, server.py, asgi.py, wsgi.py, app/main.py with FastAPI, Flask or uvicorn.run)',
      '  - a Go module with main.go',
      '  skipped db (docker-compose.yml (db)): image-only (postgres:16): Stackdeck runs your own programs; keep starting it with docker compose and point the variables at it',
      'Write stackdeck.json by hand (see README) or add one of these.',
      "Run 'stackdeck --help' for usage.",
      '',
    ].join('\n'));
    expect(existsSync(join(root, 'stackdeck.json'))).toBe(false);
  });

  it('names the line of a compose file that is not YAML (exit 2), and a missing --root', async () => {
    const root = repo({ 'compose.yaml': 'services:\n  api:\n    build: .\n   command: [oops\n' });
    const bad = await runInProcess(['init'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^stackdeck: compose\.yaml:\d+: not valid YAML: /);
    const missing = await runInProcess(['init', '--root', 'nope'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--root nope: no such directory');
  });

  it('asks before writing when someone is at the terminal, and writes nothing on no', async () => {
    const root = repo(PYTHON_PROCFILE_REPO);
    const questions: string[] = [];
    const { runCli } = await import('../run.ts');
    let stdout = '';
    const code = await runCli(['init'], {
      cwd: root, env: {}, color: false, stdout: (text) => { stdout += text; }, stderr: () => {},
      confirm: (question) => {
        questions.push(question);
        return Promise.resolve(false);
      },
    });
    expect(code).toBe(0);
    expect(questions).toEqual(['Write stackdeck.json, stackdeck.variables.json?']);
    expect(stdout).toContain('Nothing written.');
    expect(existsSync(join(root, 'stackdeck.json'))).toBe(false);
  });

  it('detects Django, Flask and Go services in their own folders, and a dev script at the root', async () => {
    const root = repo({
      'package.json': JSON.stringify({ name: 'Site', scripts: { dev: 'vite --port 5173' } }),
      'backend/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
      'flaskapp/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'fastapi/main.py': 'from fastapi import FastAPI\napi = FastAPI()\n',
      'gosvc/go.mod': 'module gosvc\n',
      'gosvc/main.go': 'package main\nimport "os"\nfunc main() { _ = os.Getenv("GO_ADDR") }\n',
    });
    const result = await runInProcess(['init', '--yes'], { cwd: root });
    expect(result.code).toBe(0);
    const { stack } = written(root);
    expect(stack.services).toMatchObject({
      site: { command: ['npm', 'run', 'dev'], cwd: '.', port: { preferred: 5173, ifTaken: 'fail' }, envDialect: 'dotenv-expand' },
      // Each server gets its port as an argument Stackdeck substitutes: no shell between, so a stop's SIGTERM reaches it.
      backend: { command: ['python3', 'manage.py', 'runserver', '127.0.0.1:${PORT}'], cwd: 'backend', envDialect: 'python-dotenv', port: { preferred: 8000 } },
      flaskapp: { command: ['flask', '--app', 'app:app', 'run', '--host', '127.0.0.1', '--port', '${PORT}'], cwd: 'flaskapp', port: { preferred: 5000 } },
      fastapi: { command: ['uvicorn', 'main:api', '--host', '127.0.0.1', '--port', '${PORT}'], cwd: 'fastapi', port: { preferred: 8000 } },
      gosvc: { command: ['go', 'run', '.'], cwd: 'gosvc' },
    });
    expect(Object.keys(written(root).variables('gosvc/stackdeck.variables.json'))).toEqual(['GO_ADDR']);
    // The root service's code is its own, not the other services' folders.
    expect(Object.keys(written(root).variables('stackdeck.variables.json'))).toEqual([]);
  });
});

// The written files are what `check` then reads: with them in place, no variable set in an env file is unknown.
describe('stackdeck init, then check', () => {
  it.each([['python', PYTHON_PROCFILE_REPO], ['compose', COMPOSE_REPO], ['npm', NPM_WORKSPACES_REPO]])('%s: every key set in an env file is declared by a service that reads that file', async (_name, files) => {
    const root = repo(files);
    expect((await runInProcess(['init', '--yes'], { cwd: root })).code).toBe(0);
    const check = await runInProcess(['check', '--json'], { cwd: root });
    expect(check.stderr).toBe('');
    const report = JSON.parse(check.stdout) as { services: { name: string; variables: { key: string; source?: { kind: string } }[] }[] };
    const { stack, variables } = written(root);
    for (const service of report.services) {
      const declared = new Set(Object.keys(variables(stack.services[service.name]?.schema ?? '')));
      const fromFiles = service.variables.filter((variable) => variable.source?.kind === 'file').map((variable) => variable.key);
      const undeclared = fromFiles.filter((key) => !declared.has(key));
      // A root .env key goes to the service that reads it, or to the first one; only other services may lack it.
      const declaredSomewhere = undeclared.filter((key) => !Object.values(stack.services).some((spec) => spec.schema && key in variables(spec.schema)));
      expect(declaredSomewhere, service.name).toEqual([]);
    }
  });
});

// The lead's loader reads `schema` paths; until then a check of an init'd folder must at least run cleanly.
it('a written stack file loads and checks without a usage error', async () => {
  const root = repo(NPM_WORKSPACES_REPO);
  await runInProcess(['init', '--yes'], { cwd: root });
  const check = await runInProcess(['check'], { cwd: root });
  expect([0, 1]).toContain(check.code);
  expect(check.stdout).toMatch(/^api {2}health /m);
});
