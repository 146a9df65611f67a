// `npm start`: the Electron app when its binary is here (or can be fetched); otherwise browser mode, saying so.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnCrash } from '../cli/crash-report.ts';
import { ensureDashboardBuilt } from '../cli/dashboard-build.ts';
import { parseFlags } from '../cli/flags.ts';
import { runCli, userErrorMessage } from '../cli/run.ts';
import { loadStackFile } from '../engine/stack/load-stack-file.ts';
import { buildElectron } from './build.ts';
import { electronBinary, fetchElectronBinary } from './electron-binary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const crash = exitOnCrash(['start', ...process.argv.slice(2)]);

// Bad flags or a bad stack file are refused first, worded as `stackdeck check` words them, exit 2 (the app would only fail later).
await (async () => loadStackFile(resolve(process.cwd(), parseFlags(process.argv.slice(2)).flags.root ?? '.')))().catch((error: unknown) => {
  const message = userErrorMessage(error);
  if (message === undefined) return crash(error);
  process.stderr.write(message);
  process.exit(2);
});

// Built at install (npm's prepare); rebuilt here only when its sources changed since.
if (!(await ensureDashboardBuilt({ say: (line) => console.log(line), detail: (text) => process.stderr.write(text) }))) {
  process.stderr.write('stackdeck: the dashboard could not be built (see above)\n');
  process.exit(1);
}

let binary = electronBinary(ROOT);
let reason = '';
if (!binary && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  process.stdout.write('stackdeck: the Electron binary is not here yet; fetching it...\n');
  const fetched = fetchElectronBinary(ROOT);
  if (fetched.ok) binary = fetched.binary;
  else reason = fetched.reason;
} else if (!binary) {
  reason = 'ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set';
}
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

if (binary && !headless) {
  await buildElectron();
  const child = spawn(binary, [ROOT], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, STACKDECK_ROOT: process.cwd() } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = binary ? 'there is no display (DISPLAY is unset)' : `the Electron binary is not available: ${reason}`;
  process.stdout.write(`stackdeck: ${why}.\nstackdeck: opening the same dashboard in browser mode instead.\n`);
  process.exitCode = await runCli(['ui', ...process.argv.slice(2)], {
    cwd: process.cwd(), env: process.env, color: process.stdout.isTTY === true,
    stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text),
  });
}
