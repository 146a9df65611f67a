import { describe, expect, it } from 'vitest';
import type { Profile } from '../profile.ts';
import { resolveService } from '../resolve.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { url } from '../value-types.ts';
import { DEPLOYED, defineServiceSchema, variable } from '../variable.ts';
import type { ValidationContext } from './context.ts';
import { fallbackUsed } from './fallback-used.ts';

const SECRET = 'hunter2-secret-value';

// The shipped schemas give no connection variable a default, so this worker's schema exercises the "hard-coded default" branch.
function workerWithDefaults(profile: Profile): ValidationContext {
  const schema = defineServiceSchema('worker', {
    QUEUE_URL: variable(url(['redis']), {
      description: 'Job queue', breaksWithout: 'No jobs run', requiredIn: DEPLOYED, connection: true, default: 'redis://queue:6379',
    }),
    BATCH: variable(url(['http']), { description: 'Batch endpoint', breaksWithout: 'Nothing', requiredIn: [], default: 'http://batch' }),
  });
  const service = resolveService({ service: 'worker', schema, profile, files: [], os: {} });
  return { profile, services: [service], files: [], displayPath: (path) => path };
}

describe('fallback-used', () => {
  it('reports each generated secret fallback of a fresh development stack as info, per service', () => {
    const findings = fallbackUsed(stackFixture({ profile: 'development' }));
    expect(findings.map((finding) => `${finding.service}:${finding.key}:${finding.severity}`).sort()).toEqual([
      'auth:JWT_SECRET_KEY:info', 'auth:OAUTH_HMAC_SECRET:info', 'auth:SERVICE_SECRET:info',
      'backend:AUTH_SERVICE_URL:info', 'backend:FRONTEND_URL:info', 'backend:JWT_SECRET_KEY:info', 'backend:SECRET_KEY:info', 'backend:SERVICE_SECRET:info',
    ]);
    expect(findings.find((finding) => finding.service === 'auth' && finding.key === 'JWT_SECRET_KEY')).toEqual({
      rule: 'fallback-used',
      severity: 'info',
      service: 'auth',
      key: 'JWT_SECRET_KEY',
      message: 'JWT_SECRET_KEY comes from a generated development fallback (shared by every service of this stack, kept across restarts)',
      suggestion: 'Set JWT_SECRET_KEY explicitly before this reaches staging or production',
    });
  });

  it('tells a fixed development fallback from a generated one', () => {
    const auth = fallbackUsed(stackFixture()).find((finding) => finding.key === 'AUTH_SERVICE_URL');
    expect(auth?.message).toBe('AUTH_SERVICE_URL comes from a development fallback');
  });

  it('is info in test too', () => {
    expect(new Set(fallbackUsed(stackFixture({ profile: 'test' })).map((finding) => finding.severity))).toEqual(new Set(['info']));
  });

  it('stops reporting a key once it is set explicitly', () => {
    const files = { '.env': `JWT_SECRET_KEY=${'j'.repeat(48)}\nAUTH_SERVICE_URL=http://127.0.0.1:8081\n` };
    const keys = fallbackUsed(stackFixture({ files })).map((finding) => finding.key);
    expect(keys).not.toContain('JWT_SECRET_KEY');
    expect(keys).not.toContain('AUTH_SERVICE_URL');
    expect(keys).toContain('SERVICE_SECRET');
  });

  it('never finds a fallback in staging or production, where none are generated', () => {
    expect(fallbackUsed(stackFixture({ profile: 'staging' }))).toEqual([]);
    expect(fallbackUsed(stackFixture({ profile: 'production' }))).toEqual([]);
  });

  it.each([['development', 'info'], ['staging', 'error'], ['production', 'error']] as const)(
    'in %s, a hard-coded default for a required or connection variable is a(n) %s', (profile, severity) => {
      expect(fallbackUsed(workerWithDefaults(profile))).toEqual([{
        rule: 'fallback-used', severity, service: 'worker', key: 'QUEUE_URL',
        message: 'QUEUE_URL comes from a hard-coded default',
        suggestion: 'Set QUEUE_URL explicitly before this reaches staging or production',
      }]);
    });

  it('leaves ordinary defaults (PORT, LOG_LEVEL, timings) alone', () => {
    const keys = fallbackUsed(stackFixture()).map((finding) => finding.key);
    for (const key of ['PORT', 'LOG_LEVEL', 'SERVICE_ID', 'ENVIRONMENT', 'AGENT_HEARTBEAT_INTERVAL']) expect(keys).not.toContain(key);
  });

  it('never shows the generated secret', () => {
    const findings = fallbackUsed(stackFixture({ generated: (key) => `${SECRET}-${key}`.padEnd(48, 'x') }));
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});
