import { z } from 'zod';
import { buildDatabaseUrl, isCloudSqlSocket, type PostgresComponents } from '../database-url.ts';
import { embeddedCredentials, maskEmbeddedCredentials } from '../mask.ts';
import type { ResolvedService, ResolvedVariable } from '../resolve.ts';
import { isSet } from '../rules/context.ts';
import { pointsAtThisMachine } from '../rules/localhost-in-deployed-profile.ts';
import type { Profile } from '../profile.ts';
import { describeSource } from '../source.ts';
import { isRequired } from '../variable.ts';
import type { StackFile } from '../../stack/stack-file-schema.ts';

export const TARGET_KINDS = ['postgres', 'redis', 'clickhouse', 'http', 'tcp'] as const;
export const TargetKindSchema = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof TargetKindSchema>;

// One address `check --connect` will try, and where its values came from.
export interface ConnectTarget {
  service: string;
  // The variables the address is made of.
  keys: string[];
  kind: TargetKind;
  // What the probe connects to, secrets included: never printed (`display` is).
  address: string;
  display: string;
  // Values that must not appear in anything said about this target (a driver's error text included).
  secrets: string[];
  // Where the value came from: a file:line, the OS environment, a fallback, or the components it was built from.
  from: string;
  // The stack service this address reaches, for a peer URL.
  peer?: string;
}

// A connection setting with nothing to try: not set, or not something an address can be made of.
export interface SkippedTarget {
  service: string;
  keys: string[];
  reason: string;
  // The profile requires it: nothing can connect, which is a failure, not a skip.
  required: boolean;
}

// What the stack file says that decides how a peer is reached.
export interface ConnectStackFacts {
  // Per service: its peer URL variables and the services they name.
  peers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  // Per service: the HTTP path that says it is healthy (its health check, else its readiness path), when it has one.
  healthPaths: Readonly<Record<string, string | undefined>>;
}

export interface ConnectPlan {
  targets: ConnectTarget[];
  skipped: SkippedTarget[];
}

type Role = keyof PostgresComponents;
// buildDatabaseUrl's own order of components: a schema lists preferComponents in it when names do not say the role.
const ROLE_ORDER: readonly Role[] = ['host', 'port', 'user', 'password', 'database'];
const ROLE_WORDS: readonly [Role, RegExp][] = [
  ['password', /(PASSWORD|PASSWD|PASS|PWD)$/i],
  ['port', /PORT$/i],
  ['host', /(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i],
  ['user', /(USER|USERNAME|LOGIN)$/i],
  ['database', /(DB|DATABASE|DBNAME|NAME)$/i],
];

// Why: which variables are addresses comes from the schema (preferComponents, connection, the URL schemes it accepts)
// and the stack file (peers), never from variable names a team happens to use; this is pure, so it is tested offline.
export function connectionTargets(services: readonly ResolvedService[], facts: ConnectStackFacts, displayPath: (path: string) => string = String): ConnectPlan {
  const plan: ConnectPlan = { targets: [], skipped: [] };
  for (const service of services) {
    const byKey = new Map(service.variables.map((variable) => [variable.key, variable]));
    const used = new Set<string>();
    for (const variable of service.variables) {
      if (!variable.spec?.preferComponents) continue;
      const components = variable.spec.preferComponents;
      const built = databaseFromComponents(service.service, components, byKey);
      if (built) {
        plan.targets.push(built);
        for (const key of [variable.key, ...components]) used.add(key);
      } else if (!isSet(variable)) {
        const required = [variable.key, ...components].some((key) => requiredIn(byKey.get(key), service.profile));
        plan.skipped.push({ service: service.service, keys: [variable.key, ...components], reason: `neither ${variable.key} nor its components are set${required ? `, and ${service.profile} requires them` : ''}`, required });
        for (const key of [variable.key, ...components]) used.add(key);
      }
      // Components are parts of an address, never one each; the whole URL, when set, is still tried below.
      for (const key of components) used.add(key);
    }
    for (const [key, peer] of Object.entries(facts.peers[service.service] ?? {})) {
      used.add(key);
      const variable = byKey.get(key);
      const target = variable && isSet(variable) ? peerTarget(service.service, variable, peer, facts.healthPaths[peer], displayPath) : undefined;
      if (target) plan.targets.push(target);
      else if (variable && isSet(variable)) plan.skipped.push({ service: service.service, keys: [key], reason: `not a URL ${peer} can be reached at`, required: true });
      else plan.skipped.push({ service: service.service, keys: [key], reason: `not set: the launcher sets it when ${peer} starts`, required: false });
    }
    for (const variable of service.variables) {
      if (used.has(variable.key)) continue;
      if (!isSet(variable)) {
        if (variable.spec?.connection && !variable.secret) {
          const required = requiredIn(variable, service.profile);
          plan.skipped.push({ service: service.service, keys: [variable.key], reason: required ? `not set, and ${service.profile} requires it` : 'not set', required });
        }
        continue;
      }
      const target = urlTarget(service.service, variable, displayPath);
      if (target) plan.targets.push(target);
      else if (variable.spec?.connection && !variable.secret) {
        // A connection setting whose value names no address (redis as host:port, say): said, not silently passed.
        plan.skipped.push({ service: service.service, keys: [variable.key], reason: 'not a URL with a scheme and a port, so there is nothing to connect to', required: false });
      }
    }
  }
  return plan;
}

// The URL the schema's components build (as every service builds it, SSL required for a remote TCP host), when the
// host, user and database are all set: the service then ignores the whole-URL variable.
function databaseFromComponents(service: string, components: readonly string[], byKey: ReadonlyMap<string, ResolvedVariable>): ConnectTarget | undefined {
  const roles = componentRoles(components, byKey);
  const valueOf = (role: Role) => {
    const variable = roles[role] === undefined ? undefined : byKey.get(roles[role]);
    return variable && isSet(variable) ? variable.value : undefined;
  };
  const [host, user, database] = [valueOf('host'), valueOf('user'), valueOf('database')];
  if (host === undefined || user === undefined || database === undefined) return undefined;
  const password = valueOf('password');
  const remote = !isCloudSqlSocket(host) && !pointsAtThisMachine(host);
  const address = buildDatabaseUrl({ host, port: valueOf('port'), user, password, database }, 'pg', remote ? 'require' : undefined);
  const keys = components.filter((key) => { const variable = byKey.get(key); return variable !== undefined && isSet(variable); });
  return {
    service, keys, kind: 'postgres', address, display: maskEmbeddedCredentials(address),
    secrets: secretsOf(address, password === undefined ? [] : [password]),
    from: `built from ${keys.join(', ')}`,
  };
}

// Each component's role: by the last word of its name where it says one, else by its place in the list.
export function componentRoles(components: readonly string[], byKey: ReadonlyMap<string, ResolvedVariable> = new Map()): Partial<Record<Role, string>> {
  const roles: Partial<Record<Role, string>> = {};
  const unnamed: string[] = [];
  for (const key of components) {
    const role = ROLE_WORDS.find(([candidate, word]) => roles[candidate] === undefined && word.test(key))?.[0]
      ?? (byKey.get(key)?.spec?.secret === true && roles.password === undefined ? 'password' : undefined);
    if (role) roles[role] = key;
    else unnamed.push(key);
  }
  for (const key of unnamed) {
    const role = ROLE_ORDER[components.indexOf(key)];
    if (role && roles[role] === undefined) roles[role] = key;
  }
  return roles;
}

// A peer: its health path over HTTP when the stack file gives one, else a TCP connection to its host and port.
function peerTarget(service: string, variable: ResolvedVariable & { value: string }, peer: string, healthPath: string | undefined, displayPath: (path: string) => string): ConnectTarget | undefined {
  const url = parseUrl(variable.value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  const base = { service, keys: [variable.key], from: fromOf(variable, displayPath), peer };
  if (healthPath) {
    const address = `${variable.value.replace(/\/+$/, '')}${healthPath}`;
    return { ...base, kind: 'http', address, display: maskEmbeddedCredentials(address), secrets: secretsOf(address, []) };
  }
  const address = `tcp://${url.host}${url.port === '' ? `:${url.protocol === 'https:' ? 443 : 80}` : ''}`;
  return { ...base, kind: 'tcp', address, display: address, secrets: [] };
}

// Any other set value that is an address: by its URL scheme (a database, a cache, ClickHouse), or an HTTP(S) or TCP URL
// the schema calls a connection.
function urlTarget(service: string, variable: ResolvedVariable & { value: string }, displayPath: (path: string) => string): ConnectTarget | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(variable.value)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  const kind = kindOf(scheme, variable);
  if (!kind) return undefined;
  let address = variable.value;
  if (kind === 'clickhouse') {
    const url = parseUrl(variable.value);
    if (!url) return undefined;
    // The HTTP interface answers /ping; a clickhouse:// URL names it too (8123 unless a port is given).
    const http = scheme === 'https' ? 'https' : 'http';
    address = `${http}://${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.hostname}:${url.port || (http === 'https' ? 8443 : 8123)}/ping`;
  } else if (kind === 'tcp') {
    const url = parseUrl(variable.value);
    if (!url || url.port === '') return undefined;
    address = `tcp://${url.host}`;
  }
  return {
    service, keys: [variable.key], kind, address, display: maskEmbeddedCredentials(address),
    secrets: secretsOf(variable.value, variable.secret ? [variable.value] : []), from: fromOf(variable, displayPath),
  };
}

function kindOf(scheme: string, variable: ResolvedVariable): TargetKind | undefined {
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme.startsWith('postgresql+')) return 'postgres';
  if (scheme === 'redis' || scheme === 'rediss') return 'redis';
  if (scheme === 'clickhouse') return 'clickhouse';
  // An HTTP URL is a ClickHouse one when the variable's own schema would accept a clickhouse:// URL in its place.
  if ((scheme === 'http' || scheme === 'https') && variable.spec?.schema.safeParse('clickhouse://host:8123').success) return 'clickhouse';
  if (!variable.spec?.connection) return undefined;
  return scheme === 'http' || scheme === 'https' ? 'http' : 'tcp';
}

function requiredIn(variable: ResolvedVariable | undefined, profile: Profile): boolean {
  return variable?.spec !== undefined && isRequired(variable.spec, profile);
}

function secretsOf(address: string, more: readonly string[]): string[] {
  return [...new Set([...embeddedCredentials(address), ...more])].filter((value) => value !== '');
}

function fromOf(variable: ResolvedVariable, displayPath: (path: string) => string): string {
  return variable.source ? describeSource(variable.source, displayPath) : 'unknown';
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

// Why: how a peer is reached depends on the peer's own stack entry (its health or readiness path), not on the caller's.
export function connectFactsOf(stack: Pick<StackFile, 'services'>): ConnectStackFacts {
  const services = Object.entries(stack.services);
  return {
    peers: Object.fromEntries(services.map(([name, spec]) => [name, spec.peers])),
    healthPaths: Object.fromEntries(services.map(([name, spec]) => [name, spec.healthCheck?.http ?? spec.readiness?.http])),
  };
}
