import type { FastifyInstance } from 'fastify';
import { compareFindings } from '../config/finding.ts';
import type { ServiceSchema } from '../config/variable.ts';
import { formatFindingLine, loadServiceConfig, type LoadedServiceConfig } from './load-service-config.ts';
import { runService } from './run-service.ts';

export interface ServiceProgram<S extends ServiceSchema> {
  schema: S;
  serviceDir: string;
  stackRoot: string;
  build: (loaded: LoadedServiceConfig<S>) => Promise<{ app: FastifyInstance; beforeClose?: () => Promise<void> | void }>;
}

// Why: both services start the same way: validate config (refuse to start when deployed and invalid), log what is off, listen.
export async function startService<S extends ServiceSchema>(program: ServiceProgram<S>): Promise<void> {
  const loaded = await loadServiceConfig(program.schema, { env: process.env, serviceDir: program.serviceDir, stackRoot: program.stackRoot });
  const findings = [...loaded.findings].sort(compareFindings);
  if (loaded.fatal) {
    process.stderr.write(`${program.schema.service}: refusing to start in ${loaded.profile}: the configuration has errors\n`);
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
