import { describe, expect, it } from 'vitest';
import { servicesOfCompose } from './compose.ts';
import { InitInputError } from './init-input-error.ts';

describe('servicesOfCompose', () => {
  it('reads the long and short forms: environment lists, env_file objects, port objects, depends_on lists, CMD-SHELL checks', () => {
    const detection = servicesOfCompose('compose.yaml', `
services:
  Web_App:
    build: { context: ./web }
    command: npm run dev -- --port 3000
    environment:
      - NODE_ENV=development
      - API_URL=\${API_URL:-http://localhost:8080}
      - PASSED_THROUGH
      - TOKEN=\${TOKEN}
    env_file:
      - path: ./web/.env
        required: false
    ports:
      - target: 3000
        published: "3001"
    depends_on: [api]
    healthcheck:
      test: curl -fsS http://127.0.0.1:3000/ready || exit 1
      interval: 1m30s
  api:
    build: api
    command: sh -c "uvicorn main:app --port $PORT"
    ports: ["127.0.0.1:8080:8080/tcp"]
    environment: { PORT: 8080, DEBUG: true, EMPTY: null }
    healthcheck: { test: ["CMD", "pg_isready"] }
  cache:
    image: redis:7
  empty:
`);
    expect(detection.skipped).toEqual([
      { name: 'cache', from: 'compose.yaml (cache)', reason: expect.stringContaining('image-only (redis:7)') as string },
      { name: 'empty', from: 'compose.yaml (empty)', reason: 'an empty service entry' },
    ]);
    const [web, api] = detection.services;
    expect(web).toMatchObject({
      name: 'web-app', cwd: 'web', envDir: 'web', command: ['npm', 'run', 'dev', '--', '--port', '3000'], envFiles: ['web/.env'], envDialect: 'compose',
      environment: { NODE_ENV: 'development', API_URL: 'http://localhost:8080', PASSED_THROUGH: undefined, TOKEN: undefined },
      port: { variable: 'PORT', preferred: 3001, ifTaken: 'fail' }, dependsOn: { api: 'started' },
      readiness: { http: '/ready' }, healthCheck: { http: '/ready', intervalSeconds: 90 },
    });
    expect(api).toMatchObject({
      name: 'api', cwd: 'api', command: ['sh', '-c', 'uvicorn main:app --port $PORT'], environment: { PORT: '8080', DEBUG: 'true', EMPTY: undefined },
      port: { variable: 'PORT', preferred: 8080 },
    });
    expect(api?.readiness).toBeUndefined();
    expect(api?.notes).toContain('health: its compose healthcheck is not an HTTP request, so it is not carried over');
  });

  it('names the field of a compose file of the wrong shape', () => {
    expect(() => servicesOfCompose('compose.yaml', 'services:\n  api:\n    ports: 8080\n')).toThrow(InitInputError);
    expect(() => servicesOfCompose('compose.yaml', 'services:\n  api:\n    ports: 8080\n')).toThrow(/^compose\.yaml: services\.api\.ports: /);
  });
});
