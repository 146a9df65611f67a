import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BaselineComparisonSchema, StackReportSchema } from '../../../shared/config/report-schema.ts';
import { makeTempDir } from '../../../shared/config/testing/temp-dir.ts';
import { runInProcess } from '../testing/run-in-process.ts';

let cleanup = () => {};
afterEach(() => cleanup());

// Any team's stack, declared inline: two enums whose bad values are errors, and a variable required in staging.
function stack(env: string): string {
  const temp = makeTempDir({
    'stackdeck.json': JSON.stringify({ services: { api: { command: ['python3', 'app.py'], envDir: 'api', variables: {
      MODE: { type: 'enum', values: ['fast', 'safe'] },
      REGION: { type: 'enum', values: ['eu', 'us'] },
      QUEUE_URL: { type: 'url', required: ['staging', 'production'] },
    } } } }),
    // Staging reads its own file, not the development .env.
    'api/.env.staging': env,
  });
  cleanup = temp.cleanup;
  return temp.dir;
}

// A staging baseline saved while api/.env.staging holds an invalid MODE, then the file edited to `after` and
// checked against it with `extra` flags.
async function checkAfterEdit(after: string, extra: string[] = []) {
  const dir = stack('MODE=slow\n');
  const saved = await runInProcess(['check', '--json', '--profile', 'staging'], { cwd: dir });
  expect(saved.code).toBe(1);
  writeFileSync(join(dir, 'baseline.json'), saved.stdout);
  writeFileSync(join(dir, 'api/.env.staging'), after);
  return runInProcess(['check', ...extra, '--profile', 'staging', '--baseline', 'baseline.json'], { cwd: dir });
}

describe('stackdeck check --baseline FILE', () => {
  it('passes when the only errors are the baseline\'s, even after an edit moved their lines', async () => {
    const result = await checkAfterEdit('# a comment the edit added\n\nMODE=slower\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('since baseline.json: 0 new (0 errors, 0 warnings, 0 notes), 0 fixed\n');
  });

  it('fails on a new error only, printing it under "new" and what was fixed under "fixed"', async () => {
    const result = await checkAfterEdit('REGION=mars\nQUEUE_URL=https://queue.example\n');
    expect(result.code).toBe(1);
    const [, since] = result.stdout.split('\nsince baseline.json: ');
    expect(since?.split('\n')[0]).toBe('1 new (1 error, 0 warnings, 0 notes), 2 fixed');
    const [newPart, fixedPart] = (since ?? '').split('\nfixed\n');
    expect(newPart).toContain('api/.env.staging:1: error: REGION ("mars")');
    expect(newPart).not.toContain('MODE');
    expect(fixedPart).toContain('[invalid-value]');
    expect(fixedPart).toContain('MODE');
    expect(fixedPart).toContain('QUEUE_URL is required in staging');
  });

  it('with --json adds the comparison to the report, which stays a report a later check can use as its baseline', async () => {
    const result = await checkAfterEdit('MODE=slow\nREGION=mars\n', ['--json']);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { baseline: unknown };
    expect(StackReportSchema.safeParse(output).success).toBe(true);
    expect(BaselineComparisonSchema.parse(output.baseline)).toMatchObject({ added: [{ rule: 'invalid-value', key: 'REGION', file: 'api/.env.staging', line: 2 }], fixed: [] });
    expect(output.baseline).toMatchObject({ file: 'baseline.json', profile: 'staging' });
  });

  it('refuses a missing, non-JSON or wrong-shaped baseline with exit 2, naming the file (and line and field)', async () => {
    const dir = stack('MODE=fast\n');
    const missing = await runInProcess(['check', '--baseline', 'ci/nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(dir, 'ci/nope.json')} does not exist`);
    writeFileSync(join(dir, 'broken.json'), '{"profile": "staging",\n  "services": [\n');
    const broken = await runInProcess(['check', '--baseline', 'broken.json'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json:3:1: /);
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ profile: 'staging', healthScore: 50, services: [], findings: [{ rule: 'no-such-rule', severity: 'error', message: 'm', suggestion: 's' }] }, null, 2));
    const wrong = await runInProcess(['check', '--baseline', 'wrong.json'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a usable baseline');
    expect(wrong.stderr).toMatch(/wrong\.json:\d+:\d+: findings\.0\.rule: /);
    expect(wrong.stdout).toBe('');
  });
});
