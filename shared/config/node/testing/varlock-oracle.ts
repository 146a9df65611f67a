// Test oracle, run as a child process: loads each given .env.schema with the real varlock package and prints,
// as JSON on stdout, what varlock decided for every item (required, sensitive, type, literal value, description).
// Usage: node varlock-oracle.ts '[{"file":"/tmp/x/.env.schema","env":{"APP_ENV":"prod"}}]' OUT.json
// (the answer goes to a file: varlock prints its own reports on stdout)
// A child process because varlock's loader keeps module-level state and reads process-wide settings.
import { writeFileSync } from 'node:fs';
import { internal } from 'varlock';

interface OracleRequest { file: string; env?: Record<string, string> }

export interface OracleItem {
  key: string;
  required: boolean;
  sensitive: boolean;
  type: string | undefined;
  integer: boolean;
  literal: string | number | boolean | null;
  computed: boolean;
  description: string | null;
  deprecated: boolean;
  docs: number;
  errors: string[];
}

export interface OracleResult { file: string; loaded: boolean; refused: boolean; fileErrors: string[]; items: OracleItem[] }

type VarlockError = Error & { isWarning?: boolean };

interface LooseItem {
  isBuiltin?: boolean;
  isRequired: boolean;
  isSensitive: boolean;
  isDeprecated: boolean;
  description?: string;
  docsLinks: unknown[];
  dataType?: { name: string; coercedType?: unknown };
  valueResolver?: { staticValue?: unknown; constructor: { name: string } };
  _schemaErrors?: VarlockError[];
  decoratorSchemaErrors?: VarlockError[];
  resolverSchemaErrors?: VarlockError[];
}

interface LooseGraph {
  configSchema: Record<string, LooseItem>;
  sortedDataSources?: { errors?: VarlockError[]; resolutionErrors?: VarlockError[] }[];
  resolveEnvValues(): Promise<void>;
}

const requests = JSON.parse(process.argv[2] ?? '[]') as OracleRequest[];
const results: OracleResult[] = [];
for (const request of requests) {
  const graph = await internal.loadEnvGraph({
    entryFilePaths: [request.file],
    checkGitIgnored: false,
    processEnvOverride: request.env ?? {},
    overrideValues: request.env ?? {},
    skipCache: true,
  }) as unknown as LooseGraph;
  const fileErrors: string[] = [];
  let loaded = true;
  try {
    await graph.resolveEnvValues();
  } catch (error) {
    loaded = false;
    fileErrors.push(error instanceof Error ? error.message : String(error));
  }
  for (const source of graph.sortedDataSources ?? []) {
    for (const error of [...(source.errors ?? []), ...(source.resolutionErrors ?? [])]) if (!error.isWarning) fileErrors.push(error.message);
  }
  const items: OracleItem[] = [];
  for (const [key, item] of Object.entries(graph.configSchema)) {
    if (item.isBuiltin) continue;
    let docs: number;
    try {
      docs = item.docsLinks.length;
    } catch {
      docs = -1;
    }
    const staticValue = item.valueResolver?.staticValue;
    const literal = typeof staticValue === 'string' || typeof staticValue === 'number' || typeof staticValue === 'boolean' ? staticValue : null;
    items.push({
      key,
      required: item.isRequired,
      sensitive: item.isSensitive,
      type: item.dataType?.name,
      integer: item.dataType?.coercedType === 'int',
      literal,
      computed: item.valueResolver !== undefined && item.valueResolver.constructor.name !== 'StaticValueResolver',
      description: item.description ?? null,
      deprecated: item.isDeprecated,
      docs,
      errors: [...(item._schemaErrors ?? []), ...(item.decoratorSchemaErrors ?? []), ...(item.resolverSchemaErrors ?? [])].filter((error) => !error.isWarning).map((error) => error.message),
    });
  }
  const refused = !loaded || fileErrors.length > 0 || items.some((item) => item.errors.length > 0);
  results.push({ file: request.file, loaded, refused, fileErrors, items });
}
writeFileSync(process.argv[3] as string, JSON.stringify(results));
