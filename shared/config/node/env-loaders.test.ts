import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { scanEnvLoaders } from './env-loaders.ts';
import { FILES_PER_SLICE } from './scan-slices.ts';

const tempDir = tempDirsForEachTest();
const REPO_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

describe('scanEnvLoaders', () => {
  it('finds loaders in the service tree, with file, line and the env files placed as each loader places them', async () => {
    const dir = tempDir({
      'app/main.py': 'import os\nfrom dotenv import load_dotenv\n\nload_dotenv(override=True)\nload_dotenv(".env.local")\n',
      'app/.env': 'PORT=8001\n',
      'web/server.mjs': "import dotenv from 'dotenv';\ndotenv.config({ path: '.env.web', override: true });\n",
      'README.md': 'load_dotenv(override=True)\n',
    });
    const loaders = await scanEnvLoaders(dir);
    expect(loaders.map(({ kind, language, file, line, override, files, unresolved }) => ({ kind, language, file, line, override, files, unresolved }))).toEqual([
      { kind: 'python-dotenv', language: 'python', file: join(dir, 'app/main.py'), line: 4, override: true, files: [join(dir, 'app/.env')], unresolved: [] },
      { kind: 'python-dotenv', language: 'python', file: join(dir, 'app/main.py'), line: 5, override: false, files: [join(dir, '.env.local')], unresolved: [] },
      { kind: 'node-dotenv', language: 'node', file: join(dir, 'web/server.mjs'), line: 2, override: true, files: [join(dir, '.env.web')], unresolved: [] },
    ]);
  });

  it('resolves relative paths from the cwd the service runs in, not from the folder scanned', async () => {
    const root = tempDir({ 'services/api/main.py': "from dotenv import load_dotenv\nload_dotenv('config/.env', override=True)\n" });
    const [loader] = await scanEnvLoaders(join(root, 'services/api'), root);
    expect(loader?.files).toEqual([join(root, 'config/.env')]);
  });

  it('skips dependency, build, cache and hidden folders, symlinks, big files and files past the limits', async () => {
    const call = 'from dotenv import load_dotenv\nload_dotenv(override=True)\n';
    const dir = tempDir({
      'node_modules/pkg/index.js': "require('dotenv').config({ override: true })\n",
      '.venv/lib/site.py': call, 'venv/lib/site.py': call, 'dist/main.js': "require('dotenv/config')\n", 'build/x.py': call,
      '__pycache__/x.py': call, '.git/hooks/x.py': call,
      'big.py': `${call}${'#'.repeat(1024 * 1024)}\n`,
      'a/b/c/d/deep.py': call,
      'kept.py': call,
    });
    symlinkSync(join(dir, 'kept.py'), join(dir, 'link.py'));
    expect((await scanEnvLoaders(dir)).map((loader) => loader.file)).toEqual([join(dir, 'kept.py'), join(dir, 'a/b/c/d/deep.py')]);
    expect((await scanEnvLoaders(dir, dir, { maxFiles: 10, maxDepth: 2, maxFileBytes: 1024 * 1024 })).map((loader) => loader.file)).toEqual([join(dir, 'kept.py')]);
    expect((await scanEnvLoaders(dir, dir, { maxFiles: 1, maxDepth: 8, maxFileBytes: 1024 * 1024 })).length).toBeLessThanOrEqual(1);
  });

  it('keeps what it cannot place as an expression, and finds nothing in a folder that does not exist', async () => {
    const dir = tempDir({ 'settings.py': "from dotenv import load_dotenv\nload_dotenv(BASE_DIR / '.env', override=True)\n" });
    const [loader] = await scanEnvLoaders(dir);
    expect(loader).toMatchObject({ files: [], unresolved: ["BASE_DIR / '.env'"], override: true });
    expect(await scanEnvLoaders(join(dir, 'missing'))).toEqual([]);
  });
});

// Differential: each snippet runs under its real loader, with PORT set by "the launcher" and without. What the program
// sees must be what the scan predicts: the launcher's value unless the loader overrides, else the predicted file's value.
const LAUNCHER_PORT = '8123';
const FILE_VALUES: Record<string, string> = { '.env': '8000', 'app/.env': '8001', '.env.local': '8002' };

interface Scenario {
  name: string;
  file: string;
  program: string;
  run: (dir: string) => string[];
  needs?: string;
}

const debianPython = '/usr/bin/python3';
const pythonWith = (module: string) => ['python3', debianPython].find((python) => spawnSync(python, ['-c', `import ${module}`]).status === 0);
const pydanticPython = pythonWith('pydantic_settings');
const dotenvPython = existsSync(debianPython) && spawnSync(debianPython, ['-c', 'import dotenv']).status === 0 ? debianPython : pythonWith('dotenv');

const pythonDotenv = (call: string): Scenario => ({
  name: call, file: 'app/main.py', needs: dotenvPython ? undefined : 'python-dotenv',
  program: `import os\nfrom pathlib import Path\nfrom dotenv import load_dotenv, find_dotenv\n${call}\nprint("PORT=" + str(os.environ.get("PORT")))\n`,
  run: () => [dotenvPython ?? 'python3', 'app/main.py'],
});
const nodeLoader = (call: string): Scenario => ({
  name: call, file: 'app/main.cjs',
  program: `const path = require('node:path');\n${call};\nconsole.log('PORT=' + process.env.PORT);\n`,
  run: () => [process.execPath, 'app/main.cjs'],
});

const SCENARIOS: Scenario[] = [
  pythonDotenv('load_dotenv()'),
  pythonDotenv('load_dotenv(override=True)'),
  pythonDotenv("load_dotenv('.env', override=True)"),
  pythonDotenv("load_dotenv(dotenv_path='.env.local', override=True)"),
  pythonDotenv('load_dotenv(find_dotenv(usecwd=True), override=True)'),
  pythonDotenv("load_dotenv(Path(__file__).parent / '.env', override=True)"),
  pythonDotenv("load_dotenv('.env', None, False, True)"),
  nodeLoader("require('dotenv').config({ quiet: true })"),
  nodeLoader("require('dotenv').config({ override: true, quiet: true })"),
  nodeLoader("require('dotenv').config({ path: '.env.local', override: true, quiet: true })"),
  nodeLoader("require('dotenv').config({ path: path.join(__dirname, '.env'), override: true, quiet: true })"),
  nodeLoader('process.loadEnvFile()'),
  nodeLoader("process.loadEnvFile(path.join(__dirname, '.env'))"),
  {
    name: "pydantic-settings env_file='.env'", file: 'app/settings.py', needs: pydanticPython ? undefined : 'pydantic-settings',
    program: 'from pydantic_settings import BaseSettings, SettingsConfigDict\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n    port: str = "none"\nprint("PORT=" + Settings().port)\n',
    run: () => [pydanticPython ?? 'python3', 'app/settings.py'],
  },
];

describe('scanEnvLoaders against the real loaders', () => {
  for (const scenario of SCENARIOS) {
    it.skipIf(scenario.needs !== undefined)(`${scenario.name}: the scan predicts what the program sees`, async () => {
      const dir = tempDir({ [scenario.file]: scenario.program, ...Object.fromEntries(Object.entries(FILE_VALUES).map(([file, port]) => [file, `PORT=${port}\n`])) });
      symlinkSync(REPO_NODE_MODULES, join(dir, 'node_modules'));
      const [loader, ...others] = await scanEnvLoaders(dir);
      expect(others).toEqual([]);
      const predictedFile = loader?.files.at(-1);
      const fileValue = predictedFile && existsSync(predictedFile) ? /PORT=(\d+)/.exec(readFileSync(predictedFile, 'utf8'))?.[1] : undefined;
      const seen = (env: Record<string, string>) => {
        const [program = '', ...args] = scenario.run(dir);
        const result = spawnSync(program, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
        expect(result.status, result.stderr).toBe(0);
        return /PORT=(\S+)/.exec(result.stdout)?.[1];
      };
      expect(seen({ PORT: LAUNCHER_PORT })).toBe(loader?.override ? fileValue : LAUNCHER_PORT);
      expect(seen({})).toBe(fileValue);
    }, 30_000);
  }
});

describe('scanEnvLoaders on a big service', () => {
  it('finds the loaders among many files and lets the event loop run between slices of them', async () => {
    const count = FILES_PER_SLICE * 2 + 10;
    const files: Record<string, string> = Object.fromEntries(Array.from({ length: count }, (_, index) => [`pkg/f${String(index).padStart(4, '0')}.py`, `x = ${index}\n`]));
    files['pkg/f0100.py'] = 'from dotenv import load_dotenv\nload_dotenv(".env.local")\n';
    const dir = tempDir(files);
    let immediateRan = false;
    setImmediate(() => { immediateRan = true; });
    const { loaders, ranBeforeTheEnd } = await scanEnvLoaders(dir).then((result) => ({ loaders: result, ranBeforeTheEnd: immediateRan }));
    expect(loaders.map((loader) => [loader.file, loader.line])).toEqual([[join(dir, 'pkg/f0100.py'), 2]]);
    expect(ranBeforeTheEnd).toBe(true);
  });
});
