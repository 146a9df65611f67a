import { runCli } from '../run.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Runs the CLI in-process with its own cwd and environment, capturing what it prints.
export async function runInProcess(argv: string[], options: { cwd: string; env?: Record<string, string>; color?: boolean }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd: options.cwd,
    env: { STACKDECK_STATE_DIR: '.state', ...options.env },
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    color: options.color ?? false,
  });
  return { code, stdout, stderr };
}
