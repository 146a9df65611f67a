import { join } from 'node:path';
import type { Finding } from '../../shared/config/finding.ts';
import { openFallbackStore } from '../../shared/config/node/fallback-store.ts';
import { readIgnoredFiles } from '../../shared/config/node/read-ignored-files.ts';
import { readEnvFile } from '../../shared/config/node/read-env-file.ts';
import { isDeployedProfile, profileNamed, type Profile } from '../../shared/config/profile.ts';
import { resolveService, type EnvFileLayer } from '../../shared/config/resolve.ts';
import { envFileNames } from '../../shared/config/stack.ts';
import { validateStack } from '../../shared/config/validate.ts';
import { defaultValue, type ServiceSchema } from '../../shared/config/variable.ts';
import { LAUNCHED_BY_STACKDECK } from '../../shared/stack/launcher-contract.ts';

// C: the typed config the service's code reads, each value already parsed by its declared type.
export interface LoadedServiceConfig<C extends object = Record<string, unknown>> {
  profile: Profile;
  config: C;
  findings: Finding[];
  // Refuse to start: an invalid config in staging or production.
  fatal: boolean;
}

export interface LoadServiceConfigOptions {
  env: Readonly<Record<string, string | undefined>>;
  // The service's own folder (its .env files) and the stack root's, for a service run by hand.
  serviceDir: string;
  stackRoot: string;
}

// Why: a service validates itself with the very schema and rules the launcher uses, so both say the same thing.
export async function loadServiceConfig<C extends object = Record<string, unknown>>(schema: ServiceSchema, options: LoadServiceConfigOptions): Promise<LoadedServiceConfig<C>> {
  const named = profileNamed(options.env.ENVIRONMENT || 'development');
  // An unknown ENVIRONMENT ('prod') must not quietly run development behaviour: resolve strictly and refuse to start.
  const profile: Profile = named ?? 'production';
  const launched = options.env[LAUNCHED_BY_STACKDECK] === '1';
  const names = envFileNames(profile);
  const read = async (dir: string, scope: EnvFileLayer['scope']) =>
    Promise.all(names.map(async (name) => ({ ...(await readEnvFile(join(dir, name))), scope, service: scope === 'service' ? schema.service : undefined })));
  const files = launched ? [] : [...(await read(options.serviceDir, 'service')), ...(await read(options.stackRoot, 'stack'))];
  const ignoredFiles = launched ? [] : await readIgnoredFiles(profile, options.stackRoot, [{ service: schema.service, dir: options.serviceDir }]);
  const store = launched || isDeployedProfile(profile) ? undefined : openFallbackStore(join(options.stackRoot, '.stackdeck'));
  const resolved = resolveService({
    service: schema.service, schema, profile, files, os: options.env,
    generatedFallback: store ? (key) => store.secretFor(key) : undefined,
  });
  const validation = validateStack({ profile, services: [resolved], files, ignoredFiles, displayPath: (path) => path });
  const findings = [...validation.findings, ...(validation.services[0]?.findings ?? [])];
  return {
    profile,
    config: typedConfig(schema, resolved.variables, profile) as C,
    findings,
    // An unknown ENVIRONMENT resolves as production, where its own invalid-value finding is an error.
    fatal: isDeployedProfile(profile) && findings.some((finding) => finding.severity === 'error'),
  };
}

// Each value through its own type; an invalid one (already a finding) falls back to the schema default.
function typedConfig(schema: ServiceSchema, variables: { key: string; value?: string }[], profile: Profile): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const variable of variables) {
    const spec = schema.variables[variable.key];
    if (!spec) continue;
    // An empty value (`PORT=`) counts as unset, as the rules count it: the default applies.
    const parsed = variable.value === undefined || variable.value === '' ? undefined : spec.schema.safeParse(variable.value);
    if (parsed?.success) config[variable.key] = parsed.data;
    else {
      const fallback = defaultValue(spec, { profile, service: schema.service });
      if (fallback !== undefined) config[variable.key] = spec.schema.parse(fallback);
    }
  }
  return config;
}

// One line a finding, for stderr or a log: rule, key and message, never a value (messages hold none).
export function formatFindingLine(finding: Finding): string {
  const place = finding.file ? ` (${finding.file}${finding.line ? `:${finding.line}` : ''})` : '';
  return `config ${finding.severity} [${finding.rule}] ${finding.key ?? '-'}: ${finding.message}${place}`;
}
