import { z } from 'zod';
import { PROFILES, type Profile } from './profile.ts';

export const ALWAYS: readonly Profile[] = PROFILES;
export const DEPLOYED: readonly Profile[] = ['staging', 'production'];

export interface DefaultContext {
  profile: Profile;
  service: string;
}

// What the inspector needs to explain a variable, next to the zod type the service parses it with.
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
  // Development/test only. 'generated' secrets are made once per stack and shared by every service.
  fallback?: { generated: true } | { value: string };
  // Connection variables: required in deployed profiles, and a default there is an error.
  connection?: boolean;
  // A host or URL: may not point at this machine in a deployed profile.
  network?: boolean;
  // Services that declare it must agree on its value (JWT_SECRET_KEY, SERVICE_SECRET).
  mustMatchAcrossServices?: boolean;
  minSecretLength?: number;
  deprecated?: string;
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

// One declaration gives both the service's typed config and the inspector's metadata, never written twice.
export function defineServiceSchema<V extends VariableSpecs>(service: string, variables: V): ServiceSchema<V> {
  const shape = Object.fromEntries(Object.entries(variables).map(([key, spec]) => [key, spec.schema.optional()]));
  return { service, variables, config: z.object(shape) as z.ZodObject<ConfigShape<V>> };
}

export type ServiceConfig<T extends ServiceSchema> = z.output<T['config']>;

export function isRequired(spec: VariableSpec, profile: Profile): boolean {
  return spec.requiredIn.includes(profile);
}

export function defaultValue(spec: VariableSpec, context: DefaultContext): string | undefined {
  return typeof spec.default === 'function' ? spec.default(context) : spec.default;
}
