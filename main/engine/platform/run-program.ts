import { execFile } from 'node:child_process';

// Why: the OS tools (lsof, ps, netstat) are read with a time limit and no shell; a tool that is missing or fails gives its reason.
export function runProgram(program: string, args: readonly string[], timeoutMs = 5_000): Promise<{ ok: true; stdout: string; code: number } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      if (!error) return resolve({ ok: true, stdout, code: 0 });
      const code = (error as { code?: unknown }).code;
      // A tool that ran and exited non-zero (lsof exits 1 when nothing matched) still answered.
      if (typeof code === 'number') return resolve({ ok: true, stdout, code });
      resolve({ ok: false, reason: `${program}: ${typeof code === 'string' ? code : error.message}` });
    });
  });
}
