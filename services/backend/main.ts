import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendConfig } from './config.ts';
import { startService } from '../common/start-service.ts';
import { buildBackendApp } from './app.ts';

// The backend as a program: `node services/backend/main.ts`, by hand or started by the launcher.
const serviceDir = dirname(fileURLToPath(import.meta.url));
await startService<BackendConfig>({ service: 'backend', schemaFile: join(serviceDir, 'stackdeck.variables.json'), serviceDir, stackRoot: resolve(serviceDir, '../..'), build: buildBackendApp });
