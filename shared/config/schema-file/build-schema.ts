import type { z } from 'zod';
import { PROFILES, type Profile } from '../profile.ts';
import { boolean, boundedSeconds, decimal, email, host, integer, json, matching, oneOf, port, url } from '../value-types.ts';
import { defineServiceSchema, type ServiceSchema, type VariableSpec } from '../variable.ts';
import type { VariableDeclaration, VariablesFile } from './variables-file.ts';

// A declaration the format accepts but that cannot work: the field path and what would be valid.
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

// Why: the data says what a variable is; zod is still the engine that checks values against it, for the inspector
// and for the service that parses its own config at start-up.
export function buildServiceSchema(service: string, file: VariablesFile): { schema: ServiceSchema; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  const variables: Record<string, VariableSpec> = {};
  for (const [key, declaration] of Object.entries(file.variables)) {
    const at = (...path: (string | number)[]) => ['variables', key, ...path];
    const valueType = lazyValueType(declaration, (message) => problems.push({ path: at('pattern'), message }));
    const spec = specOf(key, declaration, valueType);
    variables[key] = spec;
    if (declaration.default !== undefined && declaration.default !== '') {
      const parsed = valueType().safeParse(declaration.default);
      if (!parsed.success) problems.push({ path: at('default'), message: `the default ${JSON.stringify(declaration.default)} is not a valid ${declaration.type}: ${parsed.error.issues[0]?.message}` });
    }
    if (declaration.fallback && 'value' in declaration.fallback) {
      const parsed = valueType().safeParse(declaration.fallback.value);
      if (!parsed.success) problems.push({ path: at('fallback', 'value'), message: `the fallback is not a valid ${declaration.type}: ${parsed.error.issues[0]?.message}` });
    }
    if (declaration.default !== undefined && declaration.defaultFrom) problems.push({ path: at('defaultFrom'), message: 'give either default or defaultFrom, not both' });
  }
  problems.push(...aliasProblems(file), ...referenceProblems(file));
  return { schema: defineServiceSchema(service, variables), problems };
}

const ANY_TEXT = /^[\s\S]*$/;

// The variable's zod type, built when first asked for (a value or a default to check): most variables a `check` reads have
// neither, and building ~60 zod types was a tenth of its start. A bad pattern is reported now, as the file is read.
function lazyValueType(declaration: VariableDeclaration, badPattern: (message: string) => void): () => z.ZodType<unknown, string> {
  const pattern = declaration.type === 'string' ? wholeValuePattern(declaration.pattern, badPattern) : ANY_TEXT;
  let built: z.ZodType<unknown, string> | undefined;
  return () => {
    built ??= sharedValueTypeOf(declaration, pattern);
    return built;
  };
}

// A zod type never changes once built (each of its methods returns a new one), so one serves every declaration of the same
// type with the same parameters: a stack declares dozens of ports, URLs and bounded numbers, each ~5-9 zod instances to build.
const builtValueTypes = new Map<string, z.ZodType<unknown, string>>();
function sharedValueTypeOf(declaration: VariableDeclaration, pattern: RegExp): z.ZodType<unknown, string> {
  // Every field valueTypeOf reads (those another type has not are left out by JSON.stringify).
  const { type, patternHint, minLength, maxLength, min, max, schemes, schemesOnlyIn, values } = declaration as Partial<Record<string, unknown>>;
  const key = JSON.stringify([type, pattern.source, pattern.flags, patternHint, minLength, maxLength, min, max, schemes, Object.keys(schemesOnlyIn ?? {}), values]);
  let built = builtValueTypes.get(key);
  if (!built) {
    built = valueTypeOf(declaration, pattern);
    builtValueTypes.set(key, built);
  }
  return built;
}

function wholeValuePattern(source: string | undefined, badPattern: (message: string) => void): RegExp {
  if (source === undefined) return ANY_TEXT;
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch (error) {
    badPattern(`not a valid regular expression: ${(error as Error).message}`);
    return ANY_TEXT;
  }
}

function valueTypeOf(declaration: VariableDeclaration, pattern: RegExp): z.ZodType<unknown, string> {
  switch (declaration.type) {
    case 'string':
      return matching(pattern, declaration.patternHint, declaration.minLength ?? 1, declaration.maxLength);
    case 'integer':
      return integer(declaration.min ?? Number.MIN_SAFE_INTEGER, declaration.max ?? Number.MAX_SAFE_INTEGER);
    case 'number':
      return decimal(declaration.min, declaration.max);
    case 'duration':
      return boundedSeconds(declaration.min, declaration.max);
    case 'boolean':
      return boolean();
    case 'port':
      return port();
    case 'host':
      return host();
    case 'email':
      return email();
    case 'json':
      return json();
    case 'url':
      return url([...declaration.schemes, ...Object.keys(declaration.schemesOnlyIn ?? {})]);
    case 'enum':
      return oneOf(declaration.values as [string, ...string[]]);
  }
}

function specOf(key: string, declaration: VariableDeclaration, valueType: () => z.ZodType<unknown, string>): VariableSpec {
  const requiredIn: readonly Profile[] = declaration.required === true ? PROFILES : declaration.required === false ? [] : declaration.required;
  const when = declaration.notNeededWhen;
  const deprecated = declaration.deprecated === true
    ? `${key} is deprecated`
    : declaration.deprecated
      ? declaration.deprecated.message ?? `Set ${declaration.deprecated.replacedBy?.join(', ') ?? 'its replacement'} instead`
      : undefined;
  return {
    get schema() {
      return valueType();
    },
    description: declaration.description ?? '',
    breaksWithout: declaration.breaksWithout ?? 'not described in the schema',
    secret: declaration.secret,
    requiredIn,
    notNeededWhen: when ? (valueOf) => (valueOf(when.variable)?.startsWith(when.startsWith) ? when.reason : undefined) : undefined,
    default: declaration.defaultFrom ? ({ profile, service }) => (declaration.defaultFrom === 'profile' ? profile : service) : declaration.default,
    namesProfile: declaration.defaultFrom === 'profile' || undefined,
    fallback: declaration.fallback && ('value' in declaration.fallback ? { value: declaration.fallback.value } : { generated: true, length: declaration.fallback.generate }),
    connection: declaration.connection,
    notLocalhostIn: declaration.notLocalhostIn,
    tlsRequiredIn: declaration.tlsRequiredIn,
    mustMatchAcrossServices: declaration.mustMatchAcrossServices,
    minSecretLength: declaration.minSecretLength,
    deprecated,
    aliases: declaration.aliases,
    onlyIn: declaration.onlyIn,
    preferComponents: declaration.preferComponents,
    sslParamsFor: declaration.sslParamsFor,
    atMostHalfOf: declaration.atMostHalfOf,
    schemesOnlyIn: declaration.type === 'url' ? declaration.schemesOnlyIn : undefined,
  };
}

// An alias must name something other than a declared variable (else two names would each stand for the other).
function aliasProblems(file: VariablesFile): SchemaProblem[] {
  return Object.entries(file.variables).flatMap(([key, declaration]) =>
    (declaration.aliases ?? []).flatMap((alias, index): SchemaProblem[] => {
      const path = ['variables', key, 'aliases', index];
      if (alias === key) return [{ path, message: `${key} cannot be an alias of itself` }];
      if (Object.hasOwn(file.variables, alias)) return [{ path, message: `${alias} is declared as a variable of its own, so it cannot also be an alias of ${key} (an alias loop)` }];
      return [];
    }));
}

// Fields that name other variables must name declared ones.
function referenceProblems(file: VariablesFile): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const declared = (name: string) => Object.hasOwn(file.variables, name);
  for (const [key, declaration] of Object.entries(file.variables)) {
    const references: [string, string][] = [
      ...(declaration.atMostHalfOf ? [['atMostHalfOf', declaration.atMostHalfOf] as [string, string]] : []),
      ...(declaration.notNeededWhen ? [['notNeededWhen', declaration.notNeededWhen.variable] as [string, string]] : []),
    ];
    for (const [field, name] of references) {
      if (!declared(name)) problems.push({ path: ['variables', key, field], message: `${name} is not declared in this schema` });
    }
  }
  return problems;
}
