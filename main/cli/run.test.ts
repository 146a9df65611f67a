import { afterEach, describe, expect, it } from 'vitest';
import { config } from 'zod';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';
import { servesUntilStopped } from './run.ts';
import { runInProcess } from './testing/run-in-process.ts';

let cleanup = () => {};
afterEach(() => cleanup());

function emptyStack(): string {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  return temp.dir;
}

describe('runCli', () => {
  it('prints help for help, --help and -h, exit 0', async () => {
    for (const argv of [['help'], ['--help'], ['-h'], ['check', '--help']]) {
      const result = await runInProcess(argv, { cwd: emptyStack() });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('stackdeck check [--env-dir DIR] [--profile P] [--json]');
    }
  });

  it('exits 2 with usage when called with nothing', async () => {
    const result = await runInProcess([], { cwd: emptyStack() });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Usage');
  });

  it('exits 2 for an unknown command or flag, saying which', async () => {
    const unknownCommand = await runInProcess(['chek'], { cwd: emptyStack() });
    expect([unknownCommand.code, unknownCommand.stderr]).toEqual([2, expect.stringContaining("unknown command 'chek'")]);
    const unknownFlag = await runInProcess(['check', '--profil', 'x'], { cwd: emptyStack() });
    expect([unknownFlag.code, unknownFlag.stderr]).toEqual([2, expect.stringContaining("Unknown option '--profil'")]);
  });

  it('exits 2 for a command named like what every object has (toString, constructor, __proto__), not a crash', async () => {
    for (const command of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const result = await runInProcess([command], { cwd: emptyStack() });
      expect([result.code, result.stderr]).toEqual([2, expect.stringContaining(`unknown command '${command}'`)]);
    }
  });

  it('exits 2 for a profile that does not exist, from the flag or from ENVIRONMENT', async () => {
    const flag = await runInProcess(['check', '--profile', 'prod'], { cwd: emptyStack() });
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining("--profile must be one of development, test, staging, production (got 'prod')")]);
    const env = await runInProcess(['check'], { cwd: emptyStack(), env: { ENVIRONMENT: 'qa' } });
    expect([env.code, env.stderr]).toEqual([2, expect.stringContaining("ENVIRONMENT is 'qa'")]);
  });

  it('turns zod\'s JIT off before a command builds its schemas, and still checks (the bundle test runs the same commands)', async () => {
    const result = await runInProcess(['check', '--profile', 'prod'], { cwd: emptyStack() });
    expect(result.code).toBe(2);
    expect(config().jitless).toBe(true);
  });
});

describe('servesUntilStopped', () => {
  it('is true of up, ui and mcp, which run until a signal; any other command, help and bad usage end when runCli returns', () => {
    for (const argv of [['up'], ['ui', '--port', '0'], ['mcp'], ['up', '--help']]) expect(servesUntilStopped(argv)).toBe(true);
    for (const argv of [[], ['--help'], ['check'], ['env', 'auth'], ['audit'], ['init'], ['chek'], ['toString']]) expect(servesUntilStopped(argv)).toBe(false);
  });
});
