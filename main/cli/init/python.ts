import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { candidateDirs } from './candidate-dirs.ts';
import { serviceNameFrom, type DetectedService, type Detection } from './detected.ts';

// Stackdeck substitutes it per argument, with no shell between: a stop's SIGTERM reaches the server itself.
const PORT_ARGUMENT = '${PORT}';

// Where Python web apps usually keep their entry point, relative to the project folder.
const ENTRY_FILES = ['main.py', 'app.py', 'server.py', 'asgi.py', 'wsgi.py', 'app/main.py', 'src/main.py', 'app/__init__.py'] as const;

// Why: a Python web service is recognised by its entry point: manage.py (Django), an ASGI/WSGI app object, uvicorn.run.
export async function detectPython(root: string): Promise<Detection> {
  const services: DetectedService[] = [];
  const claimed: string[] = [];
  for (const dir of await candidateDirs(root)) {
    // A folder inside a project already found is that project's package (app/ of a FastAPI project).
    if (claimed.some((parent) => parent === '.' ? false : dir.startsWith(`${parent}/`))) continue;
    // A folder with __init__.py is a package of a project (app/ beside a Procfile), not a project of its own.
    if (dir !== '.' && existsSync(join(root, dir, '__init__.py'))) continue;
    const service = await pythonServiceIn(root, dir);
    if (service) {
      services.push(service);
      claimed.push(dir);
    }
  }
  return { services, skipped: [] };
}

async function pythonServiceIn(root: string, dir: string): Promise<DetectedService | undefined> {
  const base = (command: string[], from: string, note: string): DetectedService => ({
    name: serviceNameFrom(dir === '.' ? posix.basename(root) : posix.basename(dir)), from, command, cwd: dir, envDir: dir, dependsOn: {},
    envFiles: [], environment: {}, notes: [note], envDialect: 'python-dotenv',
  });
  const at = (file: string) => (dir === '.' ? file : `${dir}/${file}`);
  if (await readText(join(root, dir, 'manage.py')) !== undefined) {
    const service = base(['python3', 'manage.py', 'runserver', '127.0.0.1:${PORT}'], at('manage.py'), 'command: Django runserver on ${PORT} (8000 preferred)');
    service.port = { variable: 'PORT', preferred: 8000 };
    return service;
  }
  for (const file of ENTRY_FILES) {
    const text = await readText(join(root, dir, file));
    if (text === undefined) continue;
    const module = file.replace(/\/__init__\.py$/, '').replace(/\.py$/, '').replaceAll('/', '.');
    if (/\buvicorn\.run\(/.test(text) && /__main__/.test(text)) {
      return base(['python3', file], at(file), `command: python3 ${file} (it calls uvicorn.run itself)`);
    }
    const asgi = /^(\w+)\s*=\s*(?:fastapi\.)?(FastAPI|Starlette|Quart)\(/m.exec(text);
    if (asgi) {
      const service = base(['uvicorn', `${module}:${asgi[1] ?? 'app'}`, '--host', '127.0.0.1', '--port', PORT_ARGUMENT], at(file), `command: uvicorn ${module}:${asgi[1] ?? 'app'} on ${PORT_ARGUMENT} (a ${asgi[2] ?? 'FastAPI'} app; 8000 preferred)`);
      service.port = { variable: 'PORT', preferred: 8000 };
      return service;
    }
    const flask = /^(\w+)\s*=\s*(?:flask\.)?Flask\(/m.exec(text);
    if (flask) {
      const service = base(['flask', '--app', `${module}:${flask[1] ?? 'app'}`, 'run', '--host', '127.0.0.1', '--port', PORT_ARGUMENT], at(file), `command: flask run on ${PORT_ARGUMENT} (5000 preferred)`);
      service.port = { variable: 'PORT', preferred: 5000 };
      return service;
    }
  }
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
