import { describe, expect, it } from 'vitest';
import { parseEnvText } from '../env-file/parse-env-text.ts';
import { PROFILES, isDeployedProfile } from '../profile.ts';
import { resolveService } from '../resolve.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { secretReused } from './secret-reused.ts';

const SECRET = 'hunter2-secret-value'.padEnd(64, 's');
const OTHER = 'another-secret-value'.padEnd(64, 'o');

describe('secret-reused', () => {
  it('reports one value used for two different secrets in one service, naming both places', () => {
    const findings = secretReused(stackFixture({ files: { 'backend/.env': `JWT_SECRET_KEY=${SECRET}\nSERVICE_SECRET=${SECRET}\n` } }));
    expect(findings).toEqual([{
      rule: 'secret-reused',
      severity: 'warning',
      service: 'backend',
      key: 'JWT_SECRET_KEY',
      file: 'backend/.env',
      line: 1,
      message: 'JWT_SECRET_KEY and SERVICE_SECRET hold the same value: JWT_SECRET_KEY (backend: backend/.env:1); SERVICE_SECRET (backend: backend/.env:2). One leak opens both, and rotating one breaks what still uses the other',
      suggestion: 'Give each its own value (e.g. `openssl rand -base64 48` for each of JWT_SECRET_KEY, SERVICE_SECRET)',
    }]);
  });

  it('finds the reuse across services, as a stack finding naming both', () => {
    const findings = secretReused(stackFixture({ files: { 'auth/.env': `OAUTH_HMAC_SECRET=${SECRET}\n`, 'backend/.env': `SECRET_KEY=${SECRET}\n` } }));
    expect(findings).toEqual([expect.objectContaining({ services: ['auth', 'backend'], key: 'OAUTH_HMAC_SECRET' })]);
    expect(findings[0]).not.toHaveProperty('service');
    expect(findings[0]?.message).toContain('OAUTH_HMAC_SECRET (auth: auth/.env:1); SECRET_KEY (backend: backend/.env:1)');
  });

  it.each(PROFILES)('is a(n) error when deployed, a warning while developing (%s)', (profile) => {
    const file = baseEnvFileName(profile);
    const findings = secretReused(stackFixture({ profile, files: { [file]: `JWT_SECRET_KEY=${SECRET}\nSERVICE_SECRET=${SECRET}\n` } }));
    // The root file reaches both services: one finding for the pair, naming both services.
    expect(findings.map((finding) => [finding.severity, finding.key, finding.services])).toEqual([[isDeployedProfile(profile) ? 'error' : 'warning', 'JWT_SECRET_KEY', ['auth', 'backend']]]);
  });

  it('is silent for one secret shared as designed: the same key in every service, and a key with its alias', () => {
    expect(secretReused(stackFixture({ files: { '.env': `JWT_SECRET_KEY=${SECRET}\nSERVICE_SECRET=${OTHER}\n` } }))).toEqual([]);
    const aliases = { 'backend/.env.staging': `GOOGLE_CLIENT_SECRET=${SECRET}\n`, 'auth/.env.staging': `OAUTH_GOOGLE_CLIENT_SECRET_STAGING=${SECRET}\n` };
    expect(secretReused(stackFixture({ profile: 'staging', files: aliases }))).toEqual([]);
  });

  it('ignores non-secrets, empty values, generated fallbacks and keys a service does not declare', () => {
    expect(secretReused(stackFixture({ files: { 'backend/.env': `SERVICE_ID=${SECRET}\nSECRET_KEY=${SECRET}\nPOSTGRES_PASSWORD=\nSERVICE_SECRET=\nUNDECLARED_TOKEN=${SECRET}\n` } }))).toEqual([]);
    expect(secretReused(stackFixture())).toEqual([]);
  });

  it('covers a service without a schema by the names of its keys', () => {
    const entries = parseEnvText(`API_TOKEN=${SECRET}\nWEBHOOK_SECRET=${SECRET}\n`, 'worker/.env').entries;
    const worker = resolveService({ service: 'worker', profile: 'development', os: {}, files: [{ path: 'worker/.env', scope: 'service', entries }] });
    const findings = secretReused({ profile: 'development', services: [worker], files: [], displayPath: (path) => path });
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringContaining('API_TOKEN and WEBHOOK_SECRET hold the same value')]);
  });

  it('never shows the value', () => {
    const findings = secretReused(stackFixture({ profile: 'production', files: { '.env.production': `JWT_SECRET_KEY=${SECRET}\nSERVICE_SECRET=${SECRET}\n` } }));
    expect(findings).toHaveLength(1);
    for (const finding of findings) expect(`${finding.message} ${finding.suggestion}`).not.toContain(SECRET);
  });
});
