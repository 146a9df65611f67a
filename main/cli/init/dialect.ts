import type { EnvDialect } from './detected.ts';

// Why: which program reads a service's env files decides their grammar; a command line usually names the runtime.
export function dialectOfCommand(commandLine: string): EnvDialect | undefined {
  if (/\b(uvicorn|gunicorn|hypercorn|flask|django-admin|manage\.py|celery|python3?|poetry|pipenv|uv)\b/.test(commandLine)) return 'python-dotenv';
  if (/\b(next|vite|nuxt|astro)\b/.test(commandLine)) return 'dotenv-expand';
  if (/\b(node|npm|pnpm|yarn|npx|tsx|ts-node|bun)\b/.test(commandLine)) return 'node-dotenv';
  return undefined;
}
