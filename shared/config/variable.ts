import { z } from 'zod';
import type { DatabaseDriver } from './database-url.ts';
import { PROFILES, PROFILE_SHORT_NAMES, type Profile } from './profile.ts';

export const ALWAYS: readonly Profile[] = PROFILES;
export const DEPLOYED: readonly Profile[] = ['staging', 'production'];

export interface DefaultContext {
  profile: Profile;
  service: string;
}

// What the inspector needs to explain a variable, next to the zod type the service parses it with.
// Built from a variables file (shared/config/schema-file): the data describes it, zod checks it.
export interface VariableSpec<S extends z.ZodType<unknown, string> = z.ZodType<unknown, string>> {
  schema: S;
  description: string;
  // What stops working without it (the seeds' dependency map), so the inspector can say so.
  breaksWithout: string;
  // Undefined: decided by the name pattern; a declared false wins over the pattern.
  secret?: boolean;
  requiredIn: readonly Profile[];
  // Where a required variable has no use (a port for a unix socket): the reason, given the service's other values.
  notNeededWhen?: (valueOf: (key: string) => string | undefined) => string | undefined;
  default?: string | ((context: DefaultContext) => string);
  // The variable that names the profile the service runs in: a value other than the resolved profile is a finding.
  namesProfile?: boolean;
  // Development/test only. 'generated' secrets are made once per stack and shared by every service.
  fallback?: { generated: true; length?: number } | { value: string };
  // Connection variables: a default or fallback supplying one is an error in deployed profiles.
  connection?: boolean;
  // Profiles where a host or URL may not point at this machine.
  notLocalhostIn?: readonly Profile[];
  // Profiles where a URL must ask for TLS.
  tlsRequiredIn?: readonly Profile[];
  // Services that declare it must agree on its value (a shared signing key).
  mustMatchAcrossServices?: boolean;
  minSecretLength?: number | Partial<Record<Profile, number>>;
  deprecated?: string;
  // Other names that carry the same value; a value set only under one of them is a finding. {PROFILE}: the profile.
  aliases?: readonly string[];
  // The service reads it only in these profiles.
  onlyIn?: readonly Profile[];
  // Setting this whole value directly is a finding: these components should be set instead.
  preferComponents?: readonly string[];
  // The database driver whose SSL query parameters this URL must use.
  sslParamsFor?: DatabaseDriver | 'from-scheme';
  // An interval that must stay at most half of another variable (a heartbeat and its timeout).
  atMostHalfOf?: string;
  // URL schemes accepted only in some profiles (sqlite:///:memory: in test); the value type accepts them everywhere.
  schemesOnlyIn?: Readonly<Record<string, readonly Profile[]>>;
}

export function variable<S extends z.ZodType<unknown, string>>(schema: S, meta: Omit<VariableSpec<S>, 'schema'>): VariableSpec<S> {
  return { schema, ...meta };
}

export type VariableSpecs = Record<string, VariableSpec>;

type ConfigShape<V extends VariableSpecs> = { [K in keyof V]: z.ZodOptional<V[K]['schema']> };

export interface ServiceSchema<V extends VariableSpecs = VariableSpecs> {
  service: string;
  variables: V;
  // The typed config a service parses its resolved environment with at start-up.
  config: z.ZodObject<ConfigShape<V>>;
}

// One declaration gives both the service's typed config and the inspector's metadata, never written twice. The config is
// built when first read (a service parsing its environment): the inspector (`check`, `env`) never reads it.
export function defineServiceSchema<V extends VariableSpecs>(service: string, variables: V): ServiceSchema<V> {
  let config: z.ZodObject<ConfigShape<V>> | undefined;
  return {
    service,
    variables,
    get config() {
      config ??= z.object(Object.fromEntries(Object.entries(variables).map(([key, spec]) => [key, spec.schema.optional()]))) as z.ZodObject<ConfigShape<V>>;
      return config;
    },
  };
}

export type ServiceConfig<T extends ServiceSchema> = z.output<T['config']>;

export function isRequired(spec: VariableSpec, profile: Profile): boolean {
  return spec.requiredIn.includes(profile);
}

export function defaultValue(spec: VariableSpec, context: DefaultContext): string | undefined {
  return typeof spec.default === 'function' ? spec.default(context) : spec.default;
}

// The shortest acceptable secret for a profile, where the schema sets one.
export function minSecretLengthIn(spec: VariableSpec, profile: Profile): number | undefined {
  return typeof spec.minSecretLength === 'number' ? spec.minSecretLength : spec.minSecretLength?.[profile];
}

// The names that carry the same value as this variable in a profile ({PROFILE}: STAGING; {PROFILE_SHORT}: PROD).
export function aliasesIn(spec: VariableSpec, profile: Profile): string[] {
  return [...new Set((spec.aliases ?? []).map((alias) => alias.replaceAll('{PROFILE}', profile.toUpperCase()).replaceAll('{PROFILE_SHORT}', PROFILE_SHORT_NAMES[profile])))];
}

// Why: two declarations (in one service or two) carry one value when they share a name or one is the other's alias.
export function namesSameValue(a: { key: string; spec?: VariableSpec }, b: { key: string; spec?: VariableSpec }, profile: Profile): boolean {
  return a.key === b.key || (a.spec !== undefined && aliasesIn(a.spec, profile).includes(b.key)) || (b.spec !== undefined && aliasesIn(b.spec, profile).includes(a.key));
}

// The service reads the variable in this profile (a per-profile name is read only in its own).
export function readIn(spec: VariableSpec, profile: Profile): boolean {
  return !spec.onlyIn || spec.onlyIn.includes(profile);
}
