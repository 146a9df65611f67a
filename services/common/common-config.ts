import type { PostgresSettings } from './database-url-from-config.ts';

// What both services' code reads of the variables services/common.variables.json declares, each value parsed by its
// declared type (that file is the one source of names, types and rules; this names the types the code sees).
export interface CommonServiceConfig extends PostgresSettings {
  HOST?: string;
  PORT?: number;
  LOG_LEVEL?: string;
  SERVICE_ID?: string;
  SERVICE_SECRET?: string;
  JWT_SECRET_KEY?: string;
  REDIS_URL?: string;
}
