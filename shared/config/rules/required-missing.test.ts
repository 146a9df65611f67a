import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import { PROFILES } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { requiredMissing } from './required-missing.ts';

const SECRET = 'hunter2-secret-value';
const LONG = (prefix: string) => prefix.padEnd(64, 'x');

// Everything staging requires, so a test can remove exactly one thing.
const STAGING_FILES: Record<string, string> = {
  '.env.staging': [`JWT_SECRET_KEY=${LONG('jwt-')}`, `SERVICE_SECRET=${LONG('svc-')}`, 'POSTGRES_HOST=db.internal', 'POSTGRES_PORT=5432',
    'POSTGRES_USER=app', 'POSTGRES_PASSWORD=pw', 'POSTGRES_DB=app', 'REDIS_URL=redis://cache.internal:6379', ''].join('\n'),
  'auth/.env.staging': ['OAUTH_GOOGLE_CLIENT_ID_STAGING=client-id', 'OAUTH_GOOGLE_CLIENT_SECRET_STAGING=client-secret', `OAUTH_HMAC_SECRET=${LONG('hmac-')}`, ''].join('\n'),
  'backend/.env.staging': [`SECRET_KEY=${LONG('sk-')}`, 'AUTH_SERVICE_URL=https://auth.staging.example.com',
    'FRONTEND_URL=https://app.staging.example.com', 'CLICKHOUSE_URL=https://ch.staging.example.com', ''].join('\n'),
};

// The staging files with one line of the root .env.staging left out.
function stagingWithout(key: string): Record<string, string> {
  const root = (STAGING_FILES['.env.staging'] ?? '').split('\n').filter((line) => !line.startsWith(`${key}=`)).join('\n');
  return { ...STAGING_FILES, '.env.staging': root };
}

const keysOf = (findings: Finding[]) => findings.map((finding) => `${finding.service}:${finding.key}`);

describe('required-missing', () => {
  it('reports a variable required in staging that nothing sets, per service, with what breaks and where to set it', () => {
    const findings = requiredMissing(stackFixture({ profile: 'staging', files: stagingWithout('REDIS_URL') }));
    expect(keysOf(findings)).toEqual(['auth:REDIS_URL', 'backend:REDIS_URL']);
    expect(findings[0]).toEqual({
      rule: 'required-missing',
      severity: 'error',
      service: 'auth',
      key: 'REDIS_URL',
      message: 'REDIS_URL is required in staging but has no value. Without it: Caching and rate limiting are off; in staging the service cannot start',
      suggestion: 'Set REDIS_URL in auth/.env.staging or in the environment',
    });
  });

  it('points at the file and line of an empty assignment, and says it is empty', () => {
    const files = { ...STAGING_FILES, 'backend/.env.staging.local': '# backend\nREDIS_URL=\n' };
    const [finding, ...rest] = requiredMissing(stackFixture({ profile: 'staging', files }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'required-missing', severity: 'error', service: 'backend', key: 'REDIS_URL', file: 'backend/.env.staging.local', line: 2 });
    expect(finding?.message).toContain('REDIS_URL is required in staging but has no value (it is set to an empty value at backend/.env.staging.local:2)');
    expect(finding?.suggestion).toBe('Set REDIS_URL in backend/.env.staging or in the environment');
  });

  it.each(PROFILES)('is an error in %s: an emptied required secret cannot be replaced by a fallback', (profile) => {
    const findings = requiredMissing(stackFixture({ profile, files: { [`auth/${baseEnvFileName(profile)}`]: 'JWT_SECRET_KEY=\n' } }))
      .filter((finding) => finding.key === 'JWT_SECRET_KEY' && finding.service === 'auth');
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', service: 'auth', file: `auth/${baseEnvFileName(profile)}`, line: 1 })]);
  });

  it('finds nothing missing in a fresh development stack: fallbacks cover the required secrets', () => {
    expect(requiredMissing(stackFixture({ profile: 'development' }))).toEqual([]);
    expect(requiredMissing(stackFixture({ profile: 'test' }))).toEqual([]);
  });

  it('finds nothing missing in a complete staging config', () => {
    expect(requiredMissing(stackFixture({ profile: 'staging', files: STAGING_FILES }))).toEqual([]);
  });

  it('does not require deployment-only variables while developing', () => {
    const keys = keysOf(requiredMissing(stackFixture({ profile: 'development', files: { 'auth/.env': 'POSTGRES_HOST=\n' } })));
    expect(keys).not.toContain('auth:POSTGRES_HOST');
  });

  it("requires the current profile's OAuth names only", () => {
    const keys = keysOf(requiredMissing(stackFixture({ profile: 'production' })));
    expect(keys).toContain('auth:OAUTH_GOOGLE_CLIENT_ID_PRODUCTION');
    expect(keys).not.toContain('auth:OAUTH_GOOGLE_CLIENT_ID_STAGING');
  });

  // Regression: POSTGRES_PORT was not required when deployed, against the design.
  it('requires POSTGRES_PORT in staging for a TCP database host', () => {
    const keys = keysOf(requiredMissing(stackFixture({ profile: 'staging', files: stagingWithout('POSTGRES_PORT') })));
    expect(keys).toEqual(['auth:POSTGRES_PORT', 'backend:POSTGRES_PORT']);
  });

  it('never shows a secret value, not even one the empty assignment shadows', () => {
    const files = { ...STAGING_FILES, '.env.staging': `JWT_SECRET_KEY=${SECRET}\nOAUTH_GOOGLE_CLIENT_SECRET_DEVELOPMENT=${SECRET}\n`, 'auth/.env.staging': 'JWT_SECRET_KEY=\n' };
    const findings = requiredMissing(stackFixture({ profile: 'staging', files }));
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});
