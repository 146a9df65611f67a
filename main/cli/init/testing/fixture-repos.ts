// Three repository shapes init must understand, as real files: tests of init and audit write them into temp folders.

// A FastAPI app run by a Procfile, reading its settings with os.environ / os.getenv and python-dotenv.
export const PYTHON_PROCFILE_REPO: Record<string, string> = {
  'Procfile': 'web: uvicorn app.main:app --host 0.0.0.0 --port $PORT\nrelease: python -m app.migrate\n',
  'requirements.txt': 'fastapi\nuvicorn\npython-dotenv\n',
  'app/__init__.py': '',
  'app/main.py': 'from fastapi import FastAPI\nfrom app.config import DATABASE_URL\n\napp = FastAPI()\n',
  'app/config.py': [
    'import os',
    'from dotenv import load_dotenv',
    'load_dotenv()',
    'DATABASE_URL = os.environ["DATABASE_URL"]',
    'REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")',
    'SECRET_KEY = os.environ.get("SECRET_KEY")',
    'DEBUG = os.getenv("DEBUG", "false").lower() == "true"',
    'SMTP_PORT = int(os.getenv("SMTP_PORT", "587"))',
    'ADMIN_EMAIL = os.getenv("ADMIN_EMAIL")',
    '',
  ].join('\n'),
  '.env.example': 'DATABASE_URL=postgresql://user:password@localhost:5432/app\nSECRET_KEY=change-me\nADMIN_EMAIL=admin@example.com\nSENTRY_DSN=\n',
  '.env': 'DATABASE_URL=postgresql://app:devpw@localhost:5432/app\nSECRET_KEY=dev-secret-not-real-123456\nDEBUG=true\nLEGACY_FLAG=1\n',
};

// A compose stack: a database image, an API with env_file/environment/ports/healthcheck, a worker, a web app built
// without a compose command (its package.json has one), an admin image with no program init can recognise.
export const COMPOSE_REPO: Record<string, string> = {
  'docker-compose.yml': `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
  api:
    build: ./api
    command: ["node", "server.js"]
    env_file: ./api/.env
    environment:
      PORT: "8080"
      LOG_LEVEL: \${LOG_LEVEL:-info}
      DATABASE_URL: postgres://postgres@db:5432/app
    ports: ["8080:8080"]
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
      interval: 10s
  worker:
    build:
      context: ./worker
    command: python worker.py
    env_file:
      - ./worker/.env
    depends_on:
      api:
        condition: service_healthy
  web:
    build: ./web
    ports: ["3000:3000"]
    depends_on: [api]
  admin:
    build: ./admin
`,
  'api/server.js': [
    "const http = require('node:http');",
    'const port = Number(process.env.PORT);',
    'const db = process.env.DATABASE_URL;',
    "const level = process.env.LOG_LEVEL || 'info';",
    'const jwt = process.env.JWT_SECRET;',
    "http.createServer((req, res) => res.end('ok')).listen(port);",
    '',
  ].join('\n'),
  'api/.env': 'JWT_SECRET=dev-jwt-secret-value\nFEATURE_BETA=false\n',
  'worker/worker.py': 'import os\nQUEUE = os.getenv("QUEUE_NAME", "jobs")\nAPI = os.environ["API_URL"]\n',
  'worker/.env': 'QUEUE_NAME=jobs\nAPI_URL=http://localhost:8080\n',
  'web/Dockerfile': 'FROM node:24\n',
  'web/package.json': JSON.stringify({ name: 'web', scripts: { start: 'node index.js' } }),
  'web/index.js': "const api = process.env.API_BASE_URL || 'http://localhost:8080';\n",
  'admin/Dockerfile': 'FROM nginx\n',
};

// npm workspaces: a Next.js-like app and a Node API, a UI library without a dev script, a root .env.
export const NPM_WORKSPACES_REPO: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'], scripts: { dev: 'turbo dev' } }),
  'apps/web/package.json': JSON.stringify({ name: '@mono/web', scripts: { dev: 'next dev', build: 'next build' }, dependencies: { next: '15.0.0' } }),
  'apps/web/app/page.tsx': 'export default function Page() {\n  return <p>{process.env.NEXT_PUBLIC_API_URL}</p>;\n}\n',
  'apps/web/lib/auth.ts': 'const { NEXTAUTH_SECRET, NEXTAUTH_URL } = process.env;\nexport const auth = { NEXTAUTH_SECRET, NEXTAUTH_URL };\n',
  'apps/web/.env.local': 'NEXT_PUBLIC_API_URL=http://localhost:4000\nNEXTAUTH_URL=http://localhost:3000\n',
  'apps/web/.env.example': 'NEXT_PUBLIC_API_URL=\nNEXTAUTH_SECRET=\nNEXTAUTH_URL=http://localhost:3000\n',
  'apps/api/package.json': JSON.stringify({ name: '@mono/api', scripts: { start: 'node src/index.js' }, dependencies: { dotenv: '16.0.0' } }),
  'apps/api/src/index.js': [
    "require('dotenv').config();",
    'const port = Number(process.env.PORT ?? 4000);',
    "const db = process.env['DATABASE_URL'];",
    "const origin = process.env.CORS_ORIGIN || 'http://localhost:3000';",
    'const stripe = process.env.STRIPE_API_KEY;',
    '',
  ].join('\n'),
  'apps/api/.env': 'DATABASE_URL=postgres://localhost:5432/mono\nSTRIPE_API_KEY=sk_test_123\n',
  'packages/ui/package.json': JSON.stringify({ name: '@mono/ui', scripts: { build: 'tsc' } }),
  'packages/ui/src/theme.ts': 'export const brand = process.env.BRAND_COLOR;\n',
  'node_modules/next/dist/server.js': 'process.env.NEXT_INTERNAL_ONLY;\n',
  '.env': 'SHARED_ANALYTICS_ID=UA-1\nNEXT_PUBLIC_API_URL=http://localhost:4000\n',
};
