import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { inspectStack } from './inspect-stack.ts';
import { loaderScanDir, readServiceLoaders } from './service-loaders.ts';

const tempDir = tempDirsForEachTest();

describe('loaderScanDir', () => {
  it("is the service's cwd, unless that is the stack root, then its env folder", () => {
    expect(loaderScanDir({ envDir: 'env/api', cwd: 'services/api' })).toBe('services/api');
    expect(loaderScanDir({ envDir: 'services/api', cwd: '.' })).toBe('services/api');
    expect(loaderScanDir({ envDir: 'services/api' })).toBe('services/api');
  });
});

describe('readServiceLoaders', () => {
  it("finds each service's loaders in its own folder and reads the files they name once", async () => {
    const root = tempDir({
      'api/main.py': "from dotenv import load_dotenv\nload_dotenv('../shared.env', override=True)\n",
      'web/index.js': "require('dotenv').config({ path: '../shared.env' })\n",
      'shared.env': 'PORT=8000\n',
    });
    const { loaders, files } = await readServiceLoaders(root, [{ name: 'api', envDir: 'api', cwd: 'api' }, { name: 'web', envDir: 'web', cwd: 'web' }]);
    expect(Object.keys(loaders)).toEqual(['api', 'web']);
    expect(loaders.api?.map((loader) => [loader.line, loader.override, loader.files])).toEqual([[2, true, [join(root, 'shared.env')]]]);
    expect(loaders.web?.map((loader) => [loader.line, loader.override, loader.files])).toEqual([[1, false, [join(root, 'shared.env')]]]);
    expect(files.map((file) => [file.path, file.entries.map((entry) => entry.key)])).toEqual([[join(root, 'shared.env'), ['PORT']]]);
  });
});

describe('inspectStack with loaders in the services code', () => {
  it("reports a service's load_dotenv(override=True) beating the launcher's port, and lists its loaders", async () => {
    const root = tempDir({
      'app/main.py': 'import os\nfrom dotenv import load_dotenv\n\n\nload_dotenv(override=True)\n',
      'app/.env': 'LOG_LEVEL=info\n\nPORT=8000\n',
    });
    const inspection = await inspectStack({
      root, profile: 'development', osEnv: {}, stateDir: join(root, 'state'), displayPath: (path) => path.slice(root.length + 1),
      services: [{ name: 'app', envDir: 'app', cwd: 'app' }],
      launcher: { app: { PORT: '8123' } },
    });
    expect(inspection.loaders?.app?.map((loader) => loader.call)).toEqual(['load_dotenv(override=True)']);
    const findings = inspection.validation.services[0]?.findings.filter((finding) => finding.rule === 'loader-override');
    expect(findings).toEqual([{
      rule: 'loader-override', severity: 'warning', service: 'app', key: 'PORT', file: 'app/main.py', line: 5,
      message: 'load_dotenv(override=True) replaces PORT (launcher: 8123) with 8000 from app/.env:3, so the service listens where Stackdeck does not expect',
      suggestion: 'Drop override=True so what Stackdeck passes wins, or remove PORT from app/.env',
    }]);
  });
});
