import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { inspectStack } from './inspect-stack.ts';
import { scanStackCode, type StackCodeScans } from './stack-code-scans.ts';

const tempDir = tempDirsForEachTest();

describe('scanStackCode', () => {
  it("gives each service's env loaders, and the keys its code reads when it has no schema", async () => {
    const root = tempDir({
      'api/main.py': "import os\nfrom dotenv import load_dotenv\nload_dotenv('.env.extra')\nport = os.getenv('PORT', '8000')\n",
      'web/index.js': 'const url = process.env.API_URL;\n',
    });
    const scans = await scanStackCode(root, [{ name: 'api', envDir: 'api', cwd: 'api' }, { name: 'web', envDir: 'web', cwd: 'web' }]);
    expect(scans.loaders.api?.map((loader) => [loader.line, loader.files])).toEqual([[3, [join(root, 'api', '.env.extra')]]]);
    expect(scans.loaders.web).toEqual([]);
    expect(scans.codeReads.api?.map((read) => [read.key, read.default])).toEqual([['PORT', '8000']]);
    expect(scans.codeReads.web?.map((read) => read.key)).toEqual(['API_URL']);
  });

  it('is what an inspection given it goes by; without one, the inspection scans the code itself', async () => {
    const root = tempDir({ 'api/main.py': 'print("hello")\n' });
    const services = [{ name: 'api', envDir: 'api', cwd: 'api' }];
    const before = await scanStackCode(root, services);
    writeFileSync(join(root, 'api/main.py'), "from dotenv import load_dotenv\nload_dotenv('.env.extra')\n");
    const inspect = (codeScans?: StackCodeScans) => inspectStack({ root, profile: 'development', osEnv: {}, stateDir: join(root, 'state'), services, codeScans });
    expect((await inspect(before)).loaders?.api).toEqual([]);
    expect((await inspect()).loaders?.api?.map((loader) => loader.line)).toEqual([2]);
  });
});
