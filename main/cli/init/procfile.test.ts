import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { detectProcfile, pythonScriptDir } from './procfile.ts';

const tempDir = tempDirsForEachTest();

describe('pythonScriptDir', () => {
  it('is the folder of the script or module a Python command line runs, undefined at the root', () => {
    expect(pythonScriptDir('python3 api/app.py --port $PORT')).toBe('api');
    expect(pythonScriptDir('python ./services/worker/main.py')).toBe('services/worker');
    expect(pythonScriptDir('python -m api.app --port $PORT')).toBe('api');
    expect(pythonScriptDir('python -m pkg.sub.main')).toBe('pkg/sub');
    expect(pythonScriptDir('python3 app.py')).toBeUndefined();
    expect(pythonScriptDir('python -m http.server')).toBe('http');
    expect(pythonScriptDir('uvicorn app.main:app --port $PORT')).toBeUndefined();
  });
});

describe('detectProcfile', () => {
  it("gives a Python script in a subfolder that folder's env files, as python-dotenv's load_dotenv() finds them", async () => {
    const root = tempDir({
      'Procfile': 'api: python3 api/app.py --port $PORT\nweb: uvicorn main:app --port $PORT\nmod: python -m http.server\n',
      'api/app.py': 'from dotenv import load_dotenv\nload_dotenv()\n',
    });
    const { services } = await detectProcfile(root);
    expect(services.map((service) => [service.name, service.cwd, service.envDir])).toEqual([['api', '.', 'api'], ['web', '.', '.'], ['mod', '.', '.']]);
    expect(services[0]?.notes).toContain("env files: api/ (load_dotenv() looks for .env from the script's own folder, not the working directory)");
  });
});
