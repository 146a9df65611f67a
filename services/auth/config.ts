import type { PostgresSettings } from '../common/database-url-from-config.ts';

// What auth's code reads of its configuration, each value parsed by the type services/auth/stackdeck.variables.json
// declares (that file is the one source of names, types and rules; this names the types the code sees).
export interface AuthConfig extends PostgresSettings {
  HOST?: string;
  PORT?: number;
  LOG_LEVEL?: string;
  SERVICE_ID?: string;
  SERVICE_SECRET?: string;
  JWT_SECRET_KEY?: string;
  ACCESS_TOKEN_TTL_SECONDS?: number;
  REDIS_URL?: string;
}
