import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { NOTHING_DETECTED, commandFromLine, relativeDir, serviceNameFrom, type DetectedService, type Detection } from './detected.ts';
import { InitInputError } from './init-input-error.ts';

export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;

// Only the parts of a compose service that init reads; everything else is let through untouched.
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ComposeServiceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.union([z.string(), z.looseObject({ context: z.string().optional() })]).optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  env_file: z.union([z.string(), z.array(z.union([z.string(), z.looseObject({ path: z.string() })]))]).optional(),
  environment: z.union([z.record(z.string(), scalar), z.array(z.string())]).optional(),
  ports: z.array(z.union([z.string(), z.number(), z.looseObject({ target: z.number().optional(), published: z.union([z.string(), z.number()]).optional() })])).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string().optional() }).nullable())]).optional(),
  healthcheck: z.looseObject({ test: z.union([z.string(), z.array(z.string())]).optional(), interval: z.string().optional(), disable: z.boolean().optional() }).optional(),
});
const ComposeFileSchema = z.looseObject({ services: z.record(z.string(), ComposeServiceSchema.nullable()).default({}) });
type ComposeService = z.infer<typeof ComposeServiceSchema>;

// Why: a compose file already says what each service runs, with which env files, ports, order and health check.
export async function detectCompose(root: string): Promise<Detection> {
  for (const file of COMPOSE_FILES) {
    let text: string;
    try {
      text = await readFile(join(root, file), 'utf8');
    } catch {
      continue;
    }
    return servicesOfCompose(file, text);
  }
  return NOTHING_DETECTED;
}

// Why: pure over the text, so tests give it compose files directly; bad YAML names its line, bad fields their path.
export function servicesOfCompose(file: string, text: string): Detection {
  const document = parseDocument(text, { prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) throw new InitInputError(`${file}:${syntax.linePos?.[0]?.line ?? 1}: not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`);
  const parsed = ComposeFileSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InitInputError(`${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'not a compose file'}`);
  }
  const detection: Detection = { services: [], skipped: [] };
  for (const [rawName, spec] of Object.entries(parsed.data.services)) {
    const from = `${file} (${rawName})`;
    if (!spec) {
      detection.skipped.push({ name: rawName, from, reason: 'an empty service entry' });
      continue;
    }
    const context = spec.build === undefined ? undefined : relativeDir(typeof spec.build === 'string' ? spec.build : spec.build.context ?? '.');
    if (context === undefined && spec.command === undefined) {
      detection.skipped.push({ name: rawName, from, reason: `image-only (${spec.image ?? 'no image'}): Stackdeck runs your own programs; keep starting it with docker compose and point the variables at it` });
      continue;
    }
    detection.services.push(composeService(rawName, from, spec, context));
  }
  return detection;
}

function composeService(rawName: string, from: string, spec: ComposeService, context: string | undefined): DetectedService {
  const cwd = context ?? '.';
  const service: DetectedService = {
    name: serviceNameFrom(rawName), from, cwd, envDir: cwd, dependsOn: dependsOnOf(spec), envFiles: envFilesOf(spec),
    environment: environmentOf(spec), notes: [],
  };
  if (spec.command !== undefined) service.command = Array.isArray(spec.command) ? spec.command : commandFromLine(spec.command);
  if (context === undefined) service.notes.push(`runs its compose command from the root: the image (${spec.image ?? '?'}) is not built or used`);
  if (service.envFiles.length > 0) service.envDialect = 'compose';
  const published = publishedPort(spec);
  if (published !== undefined) {
    const readsPort = 'PORT' in service.environment || (service.command ?? []).some((arg) => /\$\{?PORT\b/.test(arg));
    service.port = readsPort ? { variable: 'PORT', preferred: published } : { variable: 'PORT', preferred: published, ifTaken: 'fail' };
    service.notes.push(`port: ${published} from its compose ports${readsPort ? ', given in PORT' : '; it does not read PORT, so a taken port is an error'}`);
  }
  const health = healthPath(spec);
  if (health) {
    service.readiness = { http: health.path };
    service.healthCheck = { http: health.path, ...(health.intervalSeconds ? { intervalSeconds: health.intervalSeconds } : {}) };
    service.notes.push(`health: GET ${health.path} from its compose healthcheck`);
  } else if (spec.healthcheck?.test && !spec.healthcheck.disable) {
    service.notes.push('health: its compose healthcheck is not an HTTP request, so it is not carried over');
  }
  return service;
}

function dependsOnOf(spec: ComposeService): Record<string, 'started' | 'healthy'> {
  const dependsOn = spec.depends_on;
  if (dependsOn === undefined) return {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [serviceNameFrom(name), 'started' as const]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, condition]) => [
    serviceNameFrom(name), condition?.condition === 'service_healthy' ? 'healthy' as const : 'started' as const,
  ]));
}

function envFilesOf(spec: ComposeService): string[] {
  const files = spec.env_file === undefined ? [] : Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file];
  return files.map((file) => relativeDir(typeof file === 'string' ? file : file.path));
}

function environmentOf(spec: ComposeService): Record<string, string | undefined> {
  const environment = spec.environment;
  if (environment === undefined) return {};
  const pairs: [string, string | undefined][] = Array.isArray(environment)
    ? environment.map((item) => {
      const equals = item.indexOf('=');
      return equals === -1 ? [item, undefined] : [item.slice(0, equals), item.slice(equals + 1)];
    })
    : Object.entries(environment).map(([key, value]) => [key, value === null ? undefined : String(value)]);
  return Object.fromEntries(pairs.map(([key, value]) => [key, value === undefined ? undefined : interpolationDefault(value)]));
}

// `${X:-fallback}` is what compose uses when X is unset; any other interpolation has no value known here.
function interpolationDefault(value: string): string | undefined {
  const only = /^\$\{[A-Za-z_]\w*:?-([^}]*)\}$/.exec(value);
  if (only) return only[1];
  return value.includes('$') ? undefined : value;
}

function publishedPort(spec: ComposeService): number | undefined {
  for (const port of spec.ports ?? []) {
    if (typeof port === 'object') {
      const published = Number(port.published);
      if (Number.isInteger(published) && published > 0) return published;
      continue;
    }
    // HOST:CONTAINER or IP:HOST:CONTAINER (maybe /tcp); a bare container port publishes to a random one.
    const parts = String(port).replace(/\/\w+$/, '').split(':');
    if (parts.length < 2) continue;
    const host = Number(parts.at(-2));
    if (Number.isInteger(host) && host > 0 && host <= 65_535) return host;
  }
  return undefined;
}

function healthPath(spec: ComposeService): { path: string; intervalSeconds?: number } | undefined {
  const test = spec.healthcheck?.test;
  if (!test || spec.healthcheck?.disable) return undefined;
  const line = Array.isArray(test) ? test.join(' ') : test;
  const url = /https?:\/\/[^/\s"']+(\/[^\s"'|;&]*)?/.exec(line);
  if (!url) return undefined;
  const interval = seconds(spec.healthcheck?.interval);
  return { path: url[1] ?? '/', ...(interval ? { intervalSeconds: interval } : {}) };
}

// Compose durations: 10s, 1m30s, 500ms.
function seconds(duration: string | undefined): number | undefined {
  if (!duration) return undefined;
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(amount) * ({ ms: 0.001, s: 1, m: 60, h: 3_600 }[unit as 'ms' | 's' | 'm' | 'h']);
  }
  return total > 0 && total <= 3_600 ? total : undefined;
}
