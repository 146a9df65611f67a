import type { FastifyInstance } from 'fastify';
import { compareFindings } from '../../shared/config/finding.ts';
import { JsonFileError } from '../../shared/config/node/read-jsonc-file.ts';
import { loadVariablesSchema } from '../../shared/config/node/read-variables-file.ts';
import type { ServiceSchema } from '../../shared/config/variable.ts';
import { formatFindingLine, loadServiceConfig, type LoadedServiceConfig } from './load-service-config.ts';
import { runService } from './run-service.ts';

export interface ServiceProgram<C extends object> {
  // The service's variables file (the same data the launcher reads), loaded and checked before anything else.
  schemaFile: string;
  service: string;
  serviceDir: string;
  stackRoot: string;
  build: (loaded: LoadedServiceConfig<C>) => Promise<{ app: FastifyInstance; beforeClose?: () => Promise<void> | void }>;
}

// Why: both services start the same way: validate config (refuse to start when deployed and invalid), log what is off, listen.
export async function startService<C extends object>(program: ServiceProgram<C>): Promise<void> {
  const schema = loadSchemaOrExit(program.schemaFile, program.service);
  const loaded = await loadServiceConfig<C>(schema, { env: process.env, serviceDir: program.serviceDir, stackRoot: program.stackRoot });
  const findings = [...loaded.findings].sort(compareFindings);
  if (loaded.fatal) {
    process.stderr.write(`${program.service}: refusing to start in ${loaded.profile}: the configuration has errors\n`);
    for (const finding of findings) process.stderr.write(`${formatFindingLine(finding)}\n`);
    process.exit(1);
  }
  const { app, beforeClose } = await program.build(loaded);
  for (const finding of findings) {
    const fields = { rule: finding.rule, key: finding.key };
    if (finding.severity === 'info') app.log.debug(fields, formatFindingLine(finding));
    else app.log.warn(fields, formatFindingLine(finding));
  }
  const config = loaded.config as { HOST?: string; PORT?: number };
  await runService({ app, host: config.HOST ?? '127.0.0.1', port: config.PORT ?? 0, env: process.env, beforeClose });
}

// A broken schema file is the team's to fix: say which file, line and field, and exit 2 without a stack trace.
function loadSchemaOrExit(path: string, service: string): ServiceSchema {
  try {
    return loadVariablesSchema(path, service);
  } catch (error) {
    if (!(error instanceof JsonFileError)) throw error;
    process.stderr.write(`${service}: cannot start: ${error.message}\n`);
    process.exit(2);
  }
}
