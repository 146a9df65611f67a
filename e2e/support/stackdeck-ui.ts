import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO_ROOT, 'main/cli/bin.js');

// The real services in a stack of their own (a temp root, so tests edit env files freely), with short agent timings.
export function e2eStackFiles(): Record<string, string> {
  const service = (name: string, extra: object) => ({
    command: ['node', join(REPO_ROOT, `services/${name}/main.ts`)], envDir: `services/${name}`, schema: join(REPO_ROOT, `services/${name}/stackdeck.variables.json`),
    port: { variable: 'PORT' }, readiness: { http: '/health', timeoutSeconds: 30 }, healthCheck: { http: '/health', intervalSeconds: 2 },
    restart: { policy: 'on-failure', maxRestarts: 5, initialDelayMs: 300, factor: 2, maxDelayMs: 3000, resetAfterSeconds: 30 },
    exitWithStdin: true, ...extra,
  });
  return {
    'stackdeck.json': JSON.stringify({ services: { auth: service('auth', {}), backend: service('backend', { dependsOn: { auth: 'healthy' }, peers: { AUTH_SERVICE_URL: 'auth' }, agents: { loginFrom: 'auth' } }) } }, null, 2),
    'services/auth/.env': 'ACCESS_TOKEN_TTL_SECONDS=900\nLOG_LEVEL=info\n',
    'services/backend/.env': 'AGENT_HEARTBEAT_INTERVAL=0.2\nAGENT_HEARTBEAT_TIMEOUT=1.5\nAGENT_EXECUTION_TIMEOUT=6\nLOG_LEVEL=info\n',
  };
}

export interface RunningUi {
  root: string;
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

// `stackdeck ui --no-open` as a user runs it, in a fresh stack root; resolves with the dashboard URL it prints.
export async function startUi(files: Record<string, string> = e2eStackFiles()): Promise<RunningUi> {
  const { dir, cleanup } = makeTempDir(files);
  const child = spawn(process.execPath, [BIN, 'ui', '--no-open'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stackdeck ui printed no URL within 30 s:\n${output}`)), 30_000);
    const check = () => {
      const found = /Stackdeck dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', () => reject(new Error(`stackdeck ui exited:\n${output}`)));
  });
  return {
    root: dir,
    url,
    child,
    output: () => output,
    stop: async () => {
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
      cleanup();
    },
  };
}
