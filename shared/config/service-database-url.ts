import { z } from 'zod';
import { buildDatabaseUrl, DATABASE_DRIVERS, driverOfUrl, type DatabaseDriver, type PostgresComponents } from './database-url.ts';
import { COMPONENT_ROLES, completeComponents, sslModeForHost, type ComponentRole } from './effective-database-url.ts';
import { maskEmbeddedCredentials, maskValue } from './mask.ts';
import type { ResolvedService, ResolvedVariable } from './resolve.ts';
import { SourceSchema } from './source.ts';

// What the JSON report, `stackdeck env` and the dashboard show under a URL its schema builds from components: where it
// really comes from, each component's source, and the URL each driver receives (masked).
// Built at its first parse (z.lazy): only a report read back parses one; building it cost every start.
export const EffectiveDatabaseUrlSchema = z.lazy(() => z.object({
  from: z.enum(['components', 'url']),
  // The URL variable's own value is set but the service ignores it, because the components are set.
  urlIgnored: z.boolean(),
  components: z.array(z.object({ role: z.enum(COMPONENT_ROLES), key: z.string(), source: SourceSchema.nullable() })),
  drivers: z.array(z.object({ driver: z.enum(DATABASE_DRIVERS), url: z.string() })),
}));
export type EffectiveDatabaseUrl = z.infer<typeof EffectiveDatabaseUrlSchema>;

export interface ServiceDatabaseUrl {
  url: ResolvedVariable;
  components: { role: ComponentRole; key: string; variable?: ResolvedVariable }[];
  // Set when the components are complete: then they win over the URL.
  built?: PostgresComponents;
  urlSet: boolean;
}

// Why: the rule and every surface read one analysis of a URL declared with `preferComponents` (five keys, in the order
// host, port, user, password, database); undefined for any other variable.
export function serviceDatabaseUrl(service: ResolvedService, url: ResolvedVariable): ServiceDatabaseUrl | undefined {
  const keys = url.spec?.preferComponents;
  if (!keys || keys.length !== COMPONENT_ROLES.length) return undefined;
  const byKey = new Map(service.variables.map((variable) => [variable.key, variable]));
  const components = COMPONENT_ROLES.map((role, index) => {
    const key = keys[index] as string;
    const variable = byKey.get(key);
    return variable ? { role, key, variable } : { role, key };
  });
  const valueOf = (role: ComponentRole) => components.find((component) => component.role === role)?.variable?.value;
  const built = completeComponents({ host: valueOf('host'), port: valueOf('port'), user: valueOf('user'), password: valueOf('password'), database: valueOf('database') });
  const urlSet = url.value !== undefined && url.value !== '' && url.source?.kind !== 'default';
  return { url, components, ...(built ? { built } : {}), urlSet };
}

// asyncpg and libpq (what psycopg reads) always, and the driver the schema names for this URL.
export function shownDrivers(declared: DatabaseDriver | 'from-scheme' | undefined): DatabaseDriver[] {
  const drivers: DatabaseDriver[] = ['asyncpg', 'libpq'];
  return declared && declared !== 'from-scheme' && !drivers.includes(declared) ? [...drivers, declared] : drivers;
}

// The masked report of a URL variable, or undefined when nothing gives the service a database URL.
export function effectiveDatabaseUrl(analysis: ServiceDatabaseUrl, showSource: (variable: ResolvedVariable) => z.infer<typeof SourceSchema> | null): EffectiveDatabaseUrl | undefined {
  const components = analysis.components.map((component) => ({ role: component.role, key: component.key, source: component.variable ? showSource(component.variable) : null }));
  if (analysis.built) {
    const built = analysis.built;
    return {
      from: 'components',
      urlIgnored: analysis.urlSet,
      components,
      drivers: shownDrivers(analysis.url.spec?.sslParamsFor).map((driver) => ({ driver, url: maskEmbeddedCredentials(buildDatabaseUrl(built, driver, sslModeForHost(built.host))) })),
    };
  }
  const value = analysis.url.value;
  if (value === undefined || value === '') return undefined;
  return { from: 'url', urlIgnored: false, components, drivers: [{ driver: driverOfUrl(value) ?? 'libpq', url: maskValue(value, analysis.url.secret) }] };
}

// How a driver is named on screen: libpq's form is the one psycopg reads too.
export function driverLabel(driver: DatabaseDriver): string {
  return driver === 'libpq' ? 'psycopg/libpq' : driver;
}

// One sentence for every surface: where the URL a service connects with comes from.
export function describeEffectiveUrl(url: EffectiveDatabaseUrl, key: string, describe: (source: z.infer<typeof SourceSchema>) => string): string {
  if (url.from === 'url') return `${key} itself (the components are not all set)`;
  const parts = url.components.filter((component) => component.source).map((component) => `${component.key} (${describe(component.source as z.infer<typeof SourceSchema>)})`);
  return `built from ${parts.join(', ')}${url.urlIgnored ? `; ${key} is ignored` : ''}`;
}
