import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../e2e/support/stackdeck-ui.ts';
import { spawnUp, type RunningUp } from '../../main/cli/testing/spawn-up.ts';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { pollUntil } from '../support/bounded-poll.ts';
import { scanStackFiles } from './secrets-files.ts';
import type { KnownSecrets } from './secrets-known.ts';
import type { SecretScanner } from './secrets-scanner.ts';
import { LEAKER, cliEnvironment, secretStackFiles } from './secrets-stack.ts';

const BIN = join(REPO_ROOT, 'main/cli/bin.js');
// Every one-shot command a user reads variables with: human and JSON, every service, one variable's chain. (`check` and
// `env` know the two default services, not the stack file's others, so the leaker has no view of its own here.)
const ONE_SHOT_COMMANDS = [
  ['check'], ['check', '--json'],
  ['env', 'auth'], ['env', 'backend'],
  ['env', 'auth', '--json'], ['env', 'backend', '--json'],
  ['env', 'auth', 'JWT_SECRET_KEY'], ['env', 'backend', 'GOOGLE_CLIENT_SECRET'], ['env', 'backend', 'REDIS_URL', '--json'],
  // Deployed profiles: no fallbacks, other rules and messages.
  ['check', '--profile', 'staging'], ['env', 'backend', '--profile', 'production', '--json'],
];
// Two at a time: the machine has two cores, and others test on it too.
const PARALLEL_COMMANDS = 2;
const STACK_TIMEOUT_MS = 60_000;

// Why: `check` and `env` print every variable and finding; each command's stdout and stderr is an output of its own.
export async function scanOneShotCommands(scanner: SecretScanner, secrets: KnownSecrets): Promise<void> {
  const { dir: root, cleanup } = makeTempDir(secretStackFiles(secrets).files);
  try {
    const queue = [...ONE_SHOT_COMMANDS];
    const worker = async () => {
      for (let args = queue.shift(); args; args = queue.shift()) {
        const { stdout, stderr } = await runCli(args, root, secrets);
        scanner.scan(`cli stackdeck ${args.join(' ')} (stdout)`, stdout);
        scanner.scan(`cli stackdeck ${args.join(' ')} (stderr)`, stderr);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_COMMANDS }, worker));
    // `check` may write the state folder (generated fallbacks): whatever it leaves is scanned too.
    await scanStackFiles(scanner, root, 'cli one-shot');
  } finally {
    cleanup();
  }
}

// Why: `up --json` streams every log line, state change and crash record (with the crash's last stderr lines) while the
// stack runs; it is scanned with the discovery and log files it writes, while running and after it stops.
export async function scanUpJson(scanner: SecretScanner, secrets: KnownSecrets): Promise<{ leakerCrashes: number }> {
  const { dir: root, cleanup } = makeTempDir(secretStackFiles(secrets).files);
  try {
    const up = spawnUp(root, cliEnvironment(root, secrets));
    let stdout = '';
    let stderr = '';
    up.child.stdout?.on('data', (chunk: string) => { stdout += chunk; });
    up.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    try {
      const ready = (service: string) => up.events.some((event) => event.event === 'service_ready' && event.service === service);
      const leakerGaveUp = () => up.events.some((event) => event.event === 'service_crashed' && event.service === LEAKER && event.state === 'crashed');
      const settled = await pollUntil(() => ready('auth') && ready('backend') && leakerGaveUp(), STACK_TIMEOUT_MS, 100);
      if (!settled) throw new Error(`stackdeck up --json did not settle within ${STACK_TIMEOUT_MS / 1000} s:\n${stdout.slice(-3000)}\n${stderr.slice(-2000)}`);
      await scanStackFiles(scanner, root, 'up (running)');
    } finally {
      await stopUp(up);
    }
    scanner.scan('cli stackdeck up --json (stdout)', stdout);
    scanner.scan('cli stackdeck up --json (stderr)', stderr);
    await scanStackFiles(scanner, root, 'up (stopped)');
    return { leakerCrashes: up.events.filter((event) => event.event === 'service_crashed' && event.service === LEAKER).length };
  } finally {
    cleanup();
  }
}

// Ctrl+C as a user stops it; SIGKILL if it has not stopped 20 s later.
async function stopUp(up: RunningUp): Promise<void> {
  up.child.kill('SIGINT');
  const killer = setTimeout(() => up.child.kill('SIGKILL'), 20_000);
  await up.exited;
  clearTimeout(killer);
}

function runCli(args: string[], root: string, secrets: KnownSecrets): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: root, env: cliEnvironment(root, secrets), timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // `check` exits 1 on an error finding: its output is what matters, not its exit code.
      if (error && typeof error.code !== 'number') reject(new Error(`stackdeck ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}
