import { buildDatabaseUrl, isCloudSqlSocket, type DatabaseDriver, type PostgresComponents, type SslMode } from './database-url.ts';
import { pointsAtThisMachine } from './rules/localhost-in-deployed-profile.ts';

// A schema's `preferComponents` lists its components in this order: host, port, user, password, database.
export const COMPONENT_ROLES = ['host', 'port', 'user', 'password', 'database'] as const;
export type ComponentRole = (typeof COMPONENT_ROLES)[number];
export type ComponentValues = Partial<Record<ComponentRole, string | number | undefined>>;

// The fields of a database URL that decide where and as whom a service connects, compared between a URL and its
// components (a password is compared too, and never shown: a stale one is how a login fails after a rotation).
export const COMPARED_ROLES = ['host', 'port', 'user', 'password', 'database'] as const satisfies readonly ComponentRole[];
export type ComparedRole = (typeof COMPARED_ROLES)[number];

// Why: SSL is asked for on a remote TCP host only; a Cloud SQL socket is already private and this machine needs none.
export function sslModeForHost(host: string): SslMode | undefined {
  return isCloudSqlSocket(host) || pointsAtThisMachine(host) ? undefined : 'require';
}

// The components, when enough of them are set to build a URL from (host, user and database; port and password may be
// left out); undefined otherwise.
export function completeComponents(values: ComponentValues): PostgresComponents | undefined {
  const text = (value: string | number | undefined) => (value === undefined || value === '' ? undefined : String(value));
  const host = text(values.host);
  const user = text(values.user);
  const database = text(values.database);
  if (!host || !user || !database) return undefined;
  return { host, port: text(values.port), user, password: text(values.password), database };
}

// Why: the one rule of which URL a service connects with (components win over a whole URL), shared by the services at
// start-up and by the inspector that shows it, so what Stackdeck shows is what the driver receives.
export function connectionUrl(values: ComponentValues, wholeUrl: string | undefined, driver: DatabaseDriver): string | undefined {
  const components = completeComponents(values);
  return components ? buildDatabaseUrl(components, driver, sslModeForHost(components.host)) : wholeUrl;
}

// The host, port, user and database a URL names (a Cloud SQL socket's host is its `host=` parameter); undefined for
// text that is not a URL.
export function urlConnectionFields(url: string): Partial<Record<ComparedRole, string>> | undefined {
  // A socket URL has an empty host (`user:pw@/db?host=/cloudsql/...`), which WHATWG URL refuses: parse it with a
  // placeholder host, as node-postgres does.
  const emptyHost = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@?#]*@)?\//i.test(url);
  let parsed: URL;
  try {
    parsed = new URL(emptyHost ? url.replace(/^([a-z][a-z0-9+.-]*:\/\/(?:[^/@?#]*@)?)\//i, '$1placeholder.invalid/') : url);
  } catch {
    return undefined;
  }
  const hostname = emptyHost ? '' : parsed.hostname;
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const host = parsed.searchParams.get('host') ?? (hostname === '' ? undefined : hostname.replace(/^\[(.*)\]$/, '$1'));
  const fields: Partial<Record<ComparedRole, string>> = {};
  if (host) fields.host = host;
  if (hostname !== '' && !parsed.searchParams.has('host')) fields.port = parsed.port === '' ? '5432' : parsed.port;
  if (parsed.username !== '') fields.user = decode(parsed.username);
  if (parsed.password !== '') fields.password = decode(parsed.password);
  if (parsed.pathname.length > 1) fields.database = decode(parsed.pathname.slice(1));
  return fields;
}

// Fields where a URL and the components it would be replaced by name different things (a host compared without case,
// an unset port read as 5432, a URL without a password agreeing with any). The password's values are for comparing only.
export function disagreeingFields(url: string, components: PostgresComponents): { role: ComparedRole; inUrl: string; inComponents: string }[] {
  const fromUrl = urlConnectionFields(url);
  if (!fromUrl) return [];
  const fromComponents: Record<ComparedRole, string> = {
    host: components.host,
    port: components.port === undefined || components.port === '' ? '5432' : String(components.port),
    user: components.user,
    password: components.password ?? '',
    database: components.database,
  };
  return COMPARED_ROLES.flatMap((role) => {
    const inUrl = fromUrl[role];
    if (inUrl === undefined || (role === 'port' && isCloudSqlSocket(components.host))) return [];
    const same = role === 'host' ? inUrl.toLowerCase() === fromComponents.host.toLowerCase() : inUrl === fromComponents[role];
    return same ? [] : [{ role, inUrl, inComponents: fromComponents[role] }];
  });
}
