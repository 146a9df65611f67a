import { buildDatabaseUrl, isCloudSqlSocket, type DatabaseDriver } from '../../shared/config/database-url.ts';
import { pointsAtThisMachine } from '../../shared/config/rules/localhost-in-deployed-profile.ts';

export interface PostgresSettings {
  POSTGRES_HOST?: string;
  POSTGRES_PORT?: number;
  POSTGRES_USER?: string;
  POSTGRES_PASSWORD?: string;
  POSTGRES_DB?: string;
  DATABASE_URL?: string;
}

// The URL a service connects with: built from the components (SSL on for remote TCP hosts), else the deprecated DATABASE_URL.
export function databaseUrlFromConfig(config: PostgresSettings, driver: DatabaseDriver = 'pg'): string | undefined {
  if (config.POSTGRES_HOST && config.POSTGRES_USER && config.POSTGRES_DB) {
    const host = config.POSTGRES_HOST;
    const remote = !isCloudSqlSocket(host) && !pointsAtThisMachine(host);
    return buildDatabaseUrl(
      { host, port: config.POSTGRES_PORT, user: config.POSTGRES_USER, password: config.POSTGRES_PASSWORD, database: config.POSTGRES_DB },
      driver,
      remote ? 'require' : undefined,
    );
  }
  return config.DATABASE_URL;
}
