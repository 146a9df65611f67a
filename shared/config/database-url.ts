// Drivers disagree on how SSL is asked for: asyncpg takes `ssl=`, libpq-based drivers take `sslmode=`.
export const DATABASE_DRIVERS = ['asyncpg', 'psycopg', 'psycopg2', 'libpq', 'pg'] as const;
export type DatabaseDriver = (typeof DATABASE_DRIVERS)[number];

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface PostgresComponents {
  host: string;
  port?: number | string;
  user: string;
  password?: string;
  database: string;
}

const SCHEMES: Record<DatabaseDriver, string> = {
  asyncpg: 'postgresql+asyncpg',
  psycopg: 'postgresql+psycopg',
  psycopg2: 'postgresql+psycopg2',
  libpq: 'postgresql',
  pg: 'postgresql',
};

export function isCloudSqlSocket(host: string): boolean {
  return host.startsWith('/cloudsql/');
}

// Which query parameter carries SSL for a driver.
export function sslParameterFor(driver: DatabaseDriver): 'ssl' | 'sslmode' {
  return driver === 'asyncpg' ? 'ssl' : 'sslmode';
}

// Why: one builder for every service (the seeds' staging outage came from each service normalising URLs its own way).
export function buildDatabaseUrl(components: PostgresComponents, driver: DatabaseDriver, sslMode?: SslMode): string {
  const user = encodeURIComponent(components.user);
  const credentials = components.password === undefined || components.password === ''
    ? user
    : `${user}:${encodeURIComponent(components.password)}`;
  const database = encodeURIComponent(components.database);
  const query = new URLSearchParams();
  let authority: string;
  if (isCloudSqlSocket(components.host)) {
    // The socket is already private; any SSL parameter makes the driver fail.
    authority = `${credentials}@`;
    query.set('host', components.host);
  } else {
    const port = components.port === undefined || components.port === '' ? 5432 : components.port;
    const host = components.host.includes(':') && !components.host.startsWith('[') ? `[${components.host}]` : components.host;
    authority = `${credentials}@${host}:${port}`;
    if (sslMode) query.set(sslParameterFor(driver), sslMode);
  }
  const search = query.size > 0 ? `?${query.toString().replace(/%2F/gi, '/').replace(/%3A/gi, ':')}` : '';
  return `${SCHEMES[driver]}://${authority}/${database}${search}`;
}

// Which driver a URL's scheme names; plain postgres(ql):// is read by libpq-style drivers.
export function driverOfUrl(url: string): DatabaseDriver | undefined {
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  if (scheme === 'postgres' || scheme === 'postgresql') return 'libpq';
  const named = scheme.split('+')[1];
  return (DATABASE_DRIVERS as readonly string[]).includes(named ?? '') ? (named as DatabaseDriver) : undefined;
}

// SSL parameters in a URL that its driver will refuse, or that a Cloud SQL socket forbids.
export function sslParameterProblems(url: string, reader: DatabaseDriver | 'from-scheme' = 'from-scheme'): string[] {
  const queryStart = url.indexOf('?');
  const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
  const present = ['ssl', 'sslmode'].filter((name) => query.has(name));
  if (present.length === 0) return [];
  const socket = (query.get('host') ?? '').startsWith('/cloudsql/') || url.includes('/cloudsql/');
  if (socket) return present.map((name) => `'${name}=' on a Cloud SQL unix socket (/cloudsql/), which takes no SSL parameter`);
  const driver = reader === 'from-scheme' ? driverOfUrl(url) : reader;
  if (!driver) return [];
  const wanted = sslParameterFor(driver);
  return present
    .filter((name) => name !== wanted)
    .map((name) => `'${name}=', which ${driver} does not understand (it takes '${wanted}=')`);
}
