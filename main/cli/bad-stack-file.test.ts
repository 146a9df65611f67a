import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../shared/config/testing/temp-dir.ts';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
const NPM_START = fileURLToPath(new URL('../electron/start.ts', import.meta.url));

const service = (dependsOn: Record<string, string>) => ({ command: ['node', '-e', 'setInterval(() => {}, 1000)'], envDir: '.', dependsOn });
const BAD_STACK_FILES: Record<string, { text: string; says: string }> = {
  cycle: { text: JSON.stringify({ services: { a: service({ b: 'started' }), b: service({ a: 'healthy' }) } }), says: 'dependsOn forms a cycle: a -> b -> a' },
  'unknown dependency': { text: JSON.stringify({ services: { a: service({ db: 'healthy' }) } }), says: "no service 'db' in this stack (services: a)" },
  'bad JSON': { text: '{ "services": { "a": { "command": ["node"], }\n', says: 'stackdeck.json:2:1: CloseBraceExpected' },
};

// Every way a user starts Stackdeck, as a real process: the installed command's commands that read the stack, and what `npm start` runs.
const ENTRY_POINTS: Record<string, string[]> = {
  check: [BIN, 'check'],
  env: [BIN, 'env', 'a'],
  up: [BIN, 'up'],
  ui: [BIN, 'ui', '--no-open'],
  mcp: [BIN, 'mcp'],
  'npm start': [NPM_START],
};

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir(Object.fromEntries(Object.entries(BAD_STACK_FILES).map(([name, { text }]) => [`${name}/stackdeck.json`, text])));
});
afterAll(() => temp.cleanup());

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No display and no Electron download: were the stack file accepted, `npm start` would fall back to browser mode.
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: cwd, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a bad stack file', () => {
  for (const [kind, { says }] of Object.entries(BAD_STACK_FILES)) {
    it(`(${kind}) is refused by every command with exit 2 and check's own message, never a stack trace`, async () => {
      const cwd = `${temp.dir}/${kind}`;
      const results = Object.fromEntries(await Promise.all(Object.entries(ENTRY_POINTS).map(async ([name, args]) => [name, await run(args, cwd)] as const)));
      const checkSays = results.check?.stderr ?? '';
      expect(checkSays).toMatch(/^stackdeck: [^\n]+stackdeck\.json is not a usable stack file:\n/);
      expect(checkSays).toContain(says);
      for (const [name, result] of Object.entries(results)) {
        expect({ name, code: result.code, stderr: result.stderr }).toEqual({ name, code: 2, stderr: checkSays });
        expect(result.stdout + result.stderr).not.toMatch(/^\s+at |Node\.js v\d|StackFileError/m);
      }
      // Six real processes at once, each loading its sources: a loaded two-core machine needs more than the default.
    }, 60_000);
  }
});
