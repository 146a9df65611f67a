import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendSchema } from '../../shared/config/schemas/backend.ts';
import { startService } from '../../shared/service/start-service.ts';
import { buildBackendApp } from './app.ts';

// The backend as a program: `node services/backend/main.ts`, by hand or started by the launcher.
const serviceDir = dirname(fileURLToPath(import.meta.url));
await startService({ schema: backendSchema, serviceDir, stackRoot: resolve(serviceDir, '../..'), build: buildBackendApp });
