import type { EnvFileEntry } from './env-file/parse-env-text.ts';
import { looksSecret } from './mask.ts';
import { isDeployedProfile, type Profile } from './profile.ts';
import type { Candidate, Source } from './source.ts';
import { defaultValue, type ServiceSchema, type VariableSpec } from './variable.ts';

// An env file as the resolver sees it: where it sits in the chain and what it assigns.
export interface EnvFileLayer {
  path: string;
  // 'service' files belong to one service; 'stack' files (at the stack root) apply to all.
  scope: 'service' | 'stack';
  entries: readonly EnvFileEntry[];
}

export interface ResolveServiceInput {
  service: string;
  schema?: ServiceSchema;
  profile: Profile;
  // Most specific first: the service's files, then the stack root's.
  files: readonly EnvFileLayer[];
  os: Readonly<Record<string, string | undefined>>;
  launcher?: Readonly<Record<string, string>>;
  overrides?: Readonly<Record<string, string>>;
  // Generated secrets; asked only when nothing else sets the key, so a file's value never costs a write.
  generatedFallback?: (key: string, length?: number) => { value: string; store?: string } | undefined;
}

export interface ResolvedVariable {
  key: string;
  declared: boolean;
  secret: boolean;
  spec?: VariableSpec;
  value?: string;
  source?: Source;
  // The winner's value as written and the references its dialect expanded, when it came from an expanding env file.
  raw?: string;
  references?: Candidate['references'];
  // Every other definition, in precedence order: what the winner shadowed.
  shadowed: Candidate[];
}

export interface ResolvedService {
  service: string;
  schema?: ServiceSchema;
  profile: Profile;
  variables: ResolvedVariable[];
}

// Why: the one precedence rule of the design (override > launcher > os > files > fallback > default), with provenance kept.
export function resolveService(input: ResolveServiceInput): ResolvedService {
  const declared = input.schema?.variables ?? {};
  const keys = new Set(Object.keys(declared));
  for (const file of input.files) {
    if (file.scope === 'service' || !input.schema) for (const entry of file.entries) keys.add(entry.key);
  }
  // What the launcher or an override sets counts even when no schema or file names it (a service without a schema).
  for (const key of [...Object.keys(input.launcher ?? {}), ...Object.keys(input.overrides ?? {})]) keys.add(key);
  const byKey = input.files.map(entriesByKeyLastFirst);
  const variables = [...keys].map((key) => resolveVariable(key, declared[key], input, byKey));
  return { service: input.service, schema: input.schema, profile: input.profile, variables };
}

function resolveVariable(key: string, spec: VariableSpec | undefined, input: ResolveServiceInput, byKey: Map<string, EnvFileEntry[]>[]): ResolvedVariable {
  const chain: Candidate[] = [];
  const add = (value: string | undefined, source: Source, expansion?: Pick<EnvFileEntry, 'raw' | 'references'>) => {
    if (value === undefined) return;
    chain.push({
      value,
      source,
      ...(expansion?.raw !== undefined ? { raw: expansion.raw } : {}),
      ...(expansion?.references !== undefined ? { references: expansion.references } : {}),
    });
  };
  add(input.overrides?.[key], { kind: 'override' });
  add(input.launcher?.[key], { kind: 'launcher' });
  if (spec) add(input.os[key], { kind: 'os' });
  input.files.forEach((file, index) => {
    for (const entry of byKey[index]?.get(key) ?? []) add(entry.value, { kind: 'file', file: file.path, line: entry.line }, entry);
  });
  if (spec?.fallback && !isDeployedProfile(input.profile)) {
    if ('value' in spec.fallback) add(spec.fallback.value, { kind: 'fallback' });
    else if (chain.length === 0) {
      const generated = input.generatedFallback?.(key, spec.fallback.length);
      if (generated) add(generated.value, { kind: 'fallback', file: generated.store });
    }
  }
  if (spec) add(defaultValue(spec, { profile: input.profile, service: input.service }), { kind: 'default' });

  const [winner, ...shadowed] = chain;
  // A value that expanded a secret (`Bearer ${API_TOKEN}`) holds that secret, whatever its own name says.
  const secretOf = (name: string) => input.schema?.variables[name]?.secret ?? looksSecret(name);
  const embedsSecret = chain.some((candidate) => candidate.references?.some((reference) => reference.name !== key && secretOf(reference.name)));
  return {
    key,
    declared: spec !== undefined,
    secret: (spec?.secret ?? looksSecret(key)) || embedsSecret,
    spec,
    value: winner?.value,
    source: winner?.source,
    ...(winner?.raw !== undefined ? { raw: winner.raw } : {}),
    ...(winner?.references !== undefined ? { references: winner.references } : {}),
    shadowed,
  };
}

// Within one file the last assignment wins, so the chain lists a file's duplicates last-first.
// Indexed once per file: looking each key up by scanning would be quadratic in a large file.
function entriesByKeyLastFirst(file: EnvFileLayer): Map<string, EnvFileEntry[]> {
  const index = new Map<string, EnvFileEntry[]>();
  for (let i = file.entries.length - 1; i >= 0; i--) {
    const entry = file.entries[i] as EnvFileEntry;
    const list = index.get(entry.key);
    if (list) list.push(entry);
    else index.set(entry.key, [entry]);
  }
  return index;
}

// The values a service runs with: what its child process and its typed config receive.
export function resolvedValues(service: ResolvedService): Record<string, string> {
  // fromEntries defines own properties, so even a key named __proto__ survives.
  return Object.fromEntries(service.variables
    .filter((variable) => variable.value !== undefined && (variable.declared || !service.schema))
    .map((variable) => [variable.key, variable.value as string]));
}
