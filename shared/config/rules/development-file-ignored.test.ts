import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectStack } from '../node/inspect-stack.ts';
import { PROFILES, isDeployedProfile } from '../profile.ts';
import { DEMO_STACK_FACTS, demoServices } from '../testing/demo-stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { tempDirsForEachTest } from '../testing/temp-dirs-per-test.ts';
import { developmentFileIgnored } from './development-file-ignored.ts';

const tempDir = tempDirsForEachTest();
const SECRET = 'hunter2-secret-value'.padEnd(64, 'x');

describe('development-file-ignored', () => {
  it('names the development file:line that would have supplied a value staging does not read', () => {
    const findings = developmentFileIgnored(stackFixture({ profile: 'staging', files: { 'backend/.env': 'LOG_LEVEL=info\nCLICKHOUSE_URL=https://ch.example.com\n' } }));
    expect(findings).toEqual([
      {
        rule: 'development-file-ignored',
        severity: 'info',
        service: 'backend',
        key: 'LOG_LEVEL',
        file: 'backend/.env',
        line: 1,
        message: 'LOG_LEVEL is not set in staging (only the schema default applies): backend/.env:1 would supply it, but staging reads no development file (.env.local, .env)',
        suggestion: "Set LOG_LEVEL where staging reads it: backend/.env.staging or the deployment's environment (its secret manager)",
      },
      expect.objectContaining({
        key: 'CLICKHOUSE_URL', line: 2,
        message: 'CLICKHOUSE_URL is not set in staging: backend/.env:2 would supply it, but staging reads no development file (.env.local, .env)',
      }),
    ]);
  });

  it('names the file that would have won: the service before the stack root, .env.local before .env, the last assignment', () => {
    const files = { '.env': 'REDIS_URL=redis://a\n', 'auth/.env': 'REDIS_URL=redis://b\n', 'auth/.env.local': '\nREDIS_URL=redis://c\nREDIS_URL=redis://d\n' };
    const findings = developmentFileIgnored(stackFixture({ profile: 'production', files }));
    expect(findings.map(({ service, file, line }) => [service, file, line])).toEqual([['auth', 'auth/.env.local', 3], ['backend', '.env', 1]]);
  });

  it('is silent when a file the profile reads, or the environment, supplies the value', () => {
    const files = { '.env': 'REDIS_URL=redis://dev\nPOSTGRES_DB=app\n', '.env.staging': 'REDIS_URL=rediss://cache.internal\n' };
    expect(developmentFileIgnored(stackFixture({ profile: 'staging', files, os: { POSTGRES_DB: 'app' } }))).toEqual([]);
  });

  it('is silent for an empty assignment, and for a stack-root key no schema declares', () => {
    expect(developmentFileIgnored(stackFixture({ profile: 'staging', files: { '.env': 'REDIS_URL=\nSOMETHING_ELSE=1\n' } }))).toEqual([]);
  });

  it.each(PROFILES.filter((profile) => !isDeployedProfile(profile)))('never fires in %s, which reads the development files', (profile) => {
    expect(developmentFileIgnored(stackFixture({ profile, files: { '.env': 'REDIS_URL=redis://localhost\n' } }))).toEqual([]);
  });

  it('never shows a value', () => {
    const findings = developmentFileIgnored(stackFixture({ profile: 'production', files: { '.env': `JWT_SECRET_KEY=${SECRET}\n` } }));
    expect(findings).toHaveLength(2);
    for (const finding of findings) expect(`${finding.message} ${finding.suggestion}`).not.toContain(SECRET);
  });

  it('reads the real files: check --profile staging resolves the key as not set and says which .env held it', async () => {
    const root = tempDir({ '.env': `JWT_SECRET_KEY=${SECRET}\n`, 'services/backend/.env.local': 'CLICKHOUSE_URL=http://localhost:8123\n', '.env.staging': 'LOG_LEVEL=warn\n' });
    const inspection = await inspectStack({ root, profile: 'staging', osEnv: {}, stateDir: join(root, 'state'), services: demoServices(), stack: DEMO_STACK_FACTS });
    const backend = inspection.services.find((service) => service.service === 'backend');
    expect(backend?.variables.find((variable) => variable.key === 'JWT_SECRET_KEY')?.value).toBeUndefined();
    expect(backend?.variables.find((variable) => variable.key === 'LOG_LEVEL')?.value).toBe('warn');
    expect(inspection.files.map((file) => file.path.slice(root.length + 1))).not.toContain('.env');
    const findings = inspection.validation.services.flatMap((service) => service.findings);
    expect(findings.filter((finding) => finding.rule === 'development-file-ignored').map(({ service, key, file, line }) => [service, key, file?.slice(root.length + 1), line]))
      .toEqual([['auth', 'JWT_SECRET_KEY', '.env', 1], ['backend', 'JWT_SECRET_KEY', '.env', 1], ['backend', 'CLICKHOUSE_URL', 'services/backend/.env.local', 1]]);
    expect(findings.filter((finding) => finding.rule === 'required-missing').map((finding) => `${finding.service}:${finding.key}`))
      .toEqual(expect.arrayContaining(['auth:JWT_SECRET_KEY', 'backend:JWT_SECRET_KEY', 'backend:CLICKHOUSE_URL']));
  });
});
