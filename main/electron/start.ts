// `npm start`: the Electron app when its binary is here (or can be fetched); otherwise browser mode, saying so.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/run.ts';
import { buildElectron } from './build.ts';
import { electronBinary, fetchElectronBinary } from './electron-binary.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const build = spawnSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('stackdeck: building the dashboard failed (see above)\n');
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
