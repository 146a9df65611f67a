import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthConfig } from './config.ts';
import { startService } from '../common/start-service.ts';
import { buildAuthApp } from './app.ts';

// The auth service as a program: `node services/auth/main.ts`, by hand or started by the launcher.
const serviceDir = dirname(fileURLToPath(import.meta.url));
await startService<AuthConfig>({ service: 'auth', schemaFile: join(serviceDir, 'stackdeck.variables.json'), serviceDir, stackRoot: resolve(serviceDir, '../..'), build: async (loaded) => buildAuthApp(loaded) });
