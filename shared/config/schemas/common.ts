import { PROFILES } from '../profile.ts';
import { ALWAYS, DEPLOYED, variable } from '../variable.ts';
import { databaseName, host, logLevel, oneOf, port, text, url } from '../value-types.ts';

export const POSTGRES_URL_PROTOCOLS = ['postgres', 'postgresql', 'postgresql+asyncpg', 'postgresql+psycopg', 'postgresql+psycopg2', 'postgresql+pg8000'];

const SIGNING_SECRET_LENGTH = 32;

// The variables both services declare; each service adds its own.
export function commonVariables(defaultPort: number) {
  return {
    ENVIRONMENT: variable(oneOf(PROFILES), {
      description: 'Which profile the service runs in: development, test, staging or production',
      breaksWithout: 'The service cannot tell which rules apply and may run development behaviour in production',
      secret: false,
      // Never missing: the resolved profile is its default.
      requiredIn: [],
      default: ({ profile }) => profile,
    }),
    PORT: variable(port(), {
      description: 'TCP port the HTTP server listens on (the launcher allocates it)',
      breaksWithout: 'The service has nowhere to listen',
      secret: false,
      requiredIn: [],
      default: String(defaultPort),
    }),
    HOST: variable(host(), {
      description: 'Address the HTTP server binds: 127.0.0.1 locally, 0.0.0.0 in a container',
      breaksWithout: 'The service listens on 127.0.0.1 only (the default)',
      secret: false,
      requiredIn: [],
      default: '127.0.0.1',
    }),
    SERVICE_ID: variable(text(), {
      description: 'Identity this service presents in service-to-service calls',
      breaksWithout: 'Service-to-service calls are refused',
      secret: false,
      requiredIn: [],
      default: ({ service }) => service,
    }),
    SERVICE_SECRET: variable(text(), {
      description: 'Shared secret that authenticates service-to-service calls',
      breaksWithout: 'Complete auth failure between services: the auth service refuses the backend, every user is locked out',
      secret: true,
      requiredIn: ALWAYS,
      fallback: { generated: true },
      connection: true,
      mustMatchAcrossServices: true,
      minSecretLength: SIGNING_SECRET_LENGTH,
    }),
    JWT_SECRET_KEY: variable(text(), {
      description: 'HS256 key that signs and verifies access tokens',
      breaksWithout: 'All authentication fails: tokens signed by auth are rejected everywhere else',
      secret: true,
      requiredIn: ALWAYS,
      fallback: { generated: true },
      connection: true,
      mustMatchAcrossServices: true,
      minSecretLength: SIGNING_SECRET_LENGTH,
    }),
    POSTGRES_HOST: variable(host(), {
      description: 'PostgreSQL host name, or /cloudsql/PROJECT:REGION:INSTANCE for a Cloud SQL unix socket',
      breaksWithout: 'No database: sessions, users and agent state cannot be stored',
      secret: false,
      requiredIn: DEPLOYED,
      connection: true,
      network: true,
    }),
    POSTGRES_PORT: variable(port(), {
      description: 'PostgreSQL TCP port (5432 when unset locally; unused for a unix socket)',
      breaksWithout: 'The database URL falls back to port 5432, which may not be where the database listens',
      secret: false,
      requiredIn: DEPLOYED,
      notNeededWhen: (valueOf) => (valueOf('POSTGRES_HOST')?.startsWith('/cloudsql/') ? 'POSTGRES_HOST is a Cloud SQL unix socket' : undefined),
      connection: true,
    }),
    POSTGRES_USER: variable(text(), {
      description: 'PostgreSQL user',
      breaksWithout: 'No database connection can be made',
      secret: false,
      requiredIn: DEPLOYED,
      connection: true,
    }),
    POSTGRES_PASSWORD: variable(text(), {
      description: 'PostgreSQL password',
      breaksWithout: 'Database login fails: "password authentication failed"',
      secret: true,
      requiredIn: DEPLOYED,
      connection: true,
    }),
    POSTGRES_DB: variable(databaseName(), {
      description: 'PostgreSQL database name',
      breaksWithout: 'No database connection can be made',
      secret: false,
      requiredIn: DEPLOYED,
      connection: true,
    }),
    DATABASE_URL: variable(url(POSTGRES_URL_PROTOCOLS), {
      description: 'Deprecated: a whole database URL; the URL is built from the POSTGRES_* components instead',
      breaksWithout: 'Nothing: it is ignored when the POSTGRES_* components are set',
      requiredIn: [],
      network: true,
      deprecated: 'Set POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB instead',
    }),
    REDIS_URL: variable(url(['redis', 'rediss']), {
      description: 'Redis URL for caches and rate limits (redis://[:password@]host:port/db)',
      breaksWithout: 'Caching and rate limiting are off; in staging the service cannot start',
      requiredIn: DEPLOYED,
      connection: true,
      network: true,
    }),
    LOG_LEVEL: variable(logLevel(), {
      description: 'Lowest log level written: trace, debug, info, warn, error, fatal or silent',
      breaksWithout: 'Logs default to info',
      secret: false,
      requiredIn: [],
      default: 'info',
    }),
  };
}

export const SIGNING_SECRET_MIN_LENGTH = SIGNING_SECRET_LENGTH;
