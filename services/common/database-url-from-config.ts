import type { DatabaseDriver } from '../../shared/config/database-url.ts';
import { connectionUrl } from '../../shared/config/effective-database-url.ts';

export interface PostgresSettings {
  POSTGRES_HOST?: string;
  POSTGRES_PORT?: number;
  POSTGRES_USER?: string;
  POSTGRES_PASSWORD?: string;
  POSTGRES_DB?: string;
  DATABASE_URL?: string;
}

// The URL a service connects with: built from the components (SSL on for remote TCP hosts), else the deprecated
// DATABASE_URL; the same rule Stackdeck shows as the effective URL.
export function databaseUrlFromConfig(config: PostgresSettings, driver: DatabaseDriver = 'pg'): string | undefined {
  return connectionUrl(
    { host: config.POSTGRES_HOST, port: config.POSTGRES_PORT, user: config.POSTGRES_USER, password: config.POSTGRES_PASSWORD, database: config.POSTGRES_DB },
    config.DATABASE_URL,
    driver,
  );
}
