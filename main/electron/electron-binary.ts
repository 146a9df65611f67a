import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Where the electron package put its binary, if it has one (it fetches it at first use; offline machines have none).
export function electronBinary(root: string): string | undefined {
  const packageDir = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = join(packageDir, 'dist', relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

// Asks the electron package to download its binary, bounded in time; says why when it cannot.
export function fetchElectronBinary(root: string, timeoutMs = 120_000): { ok: true; binary: string } | { ok: false; reason: string } {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  const result = spawnSync(process.execPath, [installer], { cwd: root, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  const binary = electronBinary(root);
  if (binary) return { ok: true, binary };
  const detail = (result.stderr || result.stdout || result.error?.message || '').trim().split('\n').filter(Boolean).at(-1);
  return { ok: false, reason: `its download failed${detail ? `: ${detail.slice(0, 200)}` : ''}` };
}
