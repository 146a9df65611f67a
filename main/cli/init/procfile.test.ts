import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDirsForEachTest } from '../../../shared/config/testing/temp-dirs-per-test.ts';
import { commandFromLine } from './detected.ts';
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

describe('commandFromLine with the variables Stackdeck sets', () => {
  it('turns $PORT and ${PORT} into arguments Stackdeck substitutes, with no shell between, when nothing else needs one', () => {
    expect(commandFromLine('python3 api/app.py --port $PORT', ['PORT'])).toEqual(['python3', 'api/app.py', '--port', '${PORT}']);
    expect(commandFromLine('gunicorn app:app --bind 0.0.0.0:${PORT} -w 2', ['PORT'])).toEqual(['gunicorn', 'app:app', '--bind', '0.0.0.0:${PORT}', '-w', '2']);
  });

  it('keeps the shell for anything else a shell would read: other variables, defaults, quotes, pipes', () => {
    expect(commandFromLine('python3 app.py --port $PORT --workers $WEB_CONCURRENCY', ['PORT'])).toEqual(['sh', '-c', 'python3 app.py --port $PORT --workers $WEB_CONCURRENCY']);
    expect(commandFromLine('python3 app.py --port ${PORT:-5000}', ['PORT'])).toEqual(['sh', '-c', 'python3 app.py --port ${PORT:-5000}']);
    expect(commandFromLine('python3 app.py --port $PORTS', ['PORT'])).toEqual(['sh', '-c', 'python3 app.py --port $PORTS']);
    expect(commandFromLine('python3 app.py --port $PORT | tee log', ['PORT'])).toEqual(['sh', '-c', 'python3 app.py --port $PORT | tee log']);
    expect(commandFromLine('python3 app.py --port $PORT')).toEqual(['sh', '-c', 'python3 app.py --port $PORT']);
  });

  it('gives every argument back as written, with each reference in the ${NAME} form (fast-check)', () => {
    const word = fc.stringMatching(/^[\w@%+=:,./-]{1,8}$/);
    const part = fc.oneof(word, fc.constantFrom('$PORT', '${PORT}'));
    fc.assert(fc.property(fc.array(fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')), { minLength: 1, maxLength: 6 }), (args) => {
      const command = commandFromLine(args.join(' '), ['PORT']);
      const expected = args.map((arg) => arg.replace(/\$(?:\{PORT\}|PORT(?!\w))/g, '${PORT}'));
      // `$PORT` followed by a word character is another variable ($PORTX): the shell keeps it.
      if (expected.some((arg) => /\$(?!\{PORT\})/.test(arg))) expect(command[0]).toBe('sh');
      else expect(command).toEqual(expected);
    }));
  });
});
