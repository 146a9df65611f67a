import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The reference: Debian's python3-dotenv, run by the system Python (the same one CI installs it for).
export const SYSTEM_PYTHON = '/usr/bin/python3';

// One Python process reads every case: DotEnv(...).dict() is what load_dotenv(override=False) computes before it
// sets os.environ, so `env` stands in for the process environment; None (a key without '=') comes back as null.
const SCRIPT = String.raw`
import json, os, sys
from dotenv.main import DotEnv
cases = json.load(sys.stdin)
results = []
for case in cases:
    os.environ.clear()
    os.environ.update(case["env"])
    values = DotEnv(case["path"], interpolate=True, override=False, encoding="utf-8").dict()
    results.append(dict(values))
sys.stdout.write(json.dumps(results))
`;

// Why: a skip must say why; only a missing python3-dotenv may skip the differential tests.
export function pythonDotenvUnavailable(): string | undefined {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import dotenv'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error) return `${SYSTEM_PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) return `${SYSTEM_PYTHON} cannot import dotenv (install Debian's python3-dotenv): ${probe.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

export interface PythonCase {
  text: string;
  env: Record<string, string>;
}

// Why: one python process per batch keeps hundreds of differential cases fast; each case is a real file on disk.
export function pythonDotenvValues(cases: readonly PythonCase[]): Record<string, string | null>[] {
  const dir = mkdtempSync(join(tmpdir(), 'stackdeck-pydotenv-'));
  try {
    const manifest = cases.map((testCase, index) => {
      const path = join(dir, `case-${index}.env`);
      writeFileSync(path, testCase.text, 'utf8');
      return { path, env: testCase.env };
    });
    const run = spawnSync(SYSTEM_PYTHON, ['-c', SCRIPT], { input: JSON.stringify(manifest), encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`python-dotenv oracle failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as Record<string, string | null>[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
