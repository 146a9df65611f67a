import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { secretTooShort } from './secret-too-short.ts';

const SECRET = 'hunter2-secret-value';

describe('secret-too-short', () => {
  it.each([['development', 'warning', 32], ['test', 'warning', 32], ['staging', 'error', 64], ['production', 'error', 64]] as const)(
    'in %s, a 20-character JWT_SECRET_KEY is a(n) %s naming the key, file:line and the minimum (%i)', (profile, severity, minimum) => {
      const file = `auth/${baseEnvFileName(profile)}`;
      const findings = secretTooShort(stackFixture({ profile, files: { [file]: `LOG_LEVEL=info\nJWT_SECRET_KEY=${SECRET}\n` } }));
      expect(findings).toEqual([{
        rule: 'secret-too-short',
        severity,
        service: 'auth',
        key: 'JWT_SECRET_KEY',
        file,
        line: 2,
        message: `JWT_SECRET_KEY from ${file}:2 is 20 characters long; secrets need at least ${minimum}`,
        suggestion: 'Generate a longer one, e.g. `openssl rand -base64 48`, and set it for every service that shares it',
      }]);
    });

  it('checks every signing secret of each service that declares it', () => {
    const files = { '.env': ['SERVICE_SECRET', 'JWT_SECRET_KEY', 'OAUTH_HMAC_SECRET', 'SECRET_KEY'].map((key) => `${key}=short`).join('\n') };
    const found = secretTooShort(stackFixture({ files })).map((finding) => `${finding.service}:${finding.key}`);
    expect(found.sort()).toEqual([
      'auth:JWT_SECRET_KEY', 'auth:OAUTH_HMAC_SECRET', 'auth:SERVICE_SECRET',
      'backend:JWT_SECRET_KEY', 'backend:SECRET_KEY', 'backend:SERVICE_SECRET',
    ]);
  });

  it('draws the line at 32 characters', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 80 }), (length) => {
      const findings = secretTooShort(stackFixture({ files: { 'backend/.env': `SECRET_KEY=${'k'.repeat(length)}\n` } }));
      return findings.length === (length < 32 ? 1 : 0);
    }));
  });

  it('leaves secrets without a signing minimum, empty values and long fallbacks alone', () => {
    const files = { 'backend/.env': 'POSTGRES_PASSWORD=pw\nGOOGLE_CLIENT_SECRET=abc\nSECRET_KEY=\n' };
    expect(secretTooShort(stackFixture({ files }))).toEqual([]);
    expect(secretTooShort(stackFixture())).toEqual([]);
  });

  it('asks a JWT secret for 64 characters in staging and production (seed 002), 32 while developing', () => {
    const jwt = (profile: Profile, length: number) => secretTooShort(stackFixture({ profile, files: { [`auth/${baseEnvFileName(profile)}`]: `JWT_SECRET_KEY=${'j'.repeat(length)}\n` } }));
    expect(jwt('staging', 63)).toEqual([expect.objectContaining({ key: 'JWT_SECRET_KEY', severity: 'error', message: 'JWT_SECRET_KEY from auth/.env.staging:1 is 63 characters long; secrets need at least 64' })]);
    expect(jwt('production', 64)).toEqual([]);
    expect(jwt('development', 32)).toEqual([]);
  });

  it('never shows the secret it measured', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{0,11}$/), fc.constantFrom<Profile>('development', 'production'), (tail, profile) => {
      const value = `${SECRET}${tail}`;
      const findings = secretTooShort(stackFixture({ profile, files: { [baseEnvFileName(profile)]: `JWT_SECRET_KEY=${value}\nSERVICE_SECRET=${value}\n` } }));
      expect(findings).toHaveLength(4);
      for (const finding of findings) {
        expect(finding.message).not.toContain(SECRET);
        expect(finding.suggestion).not.toContain(SECRET);
      }
    }));
  });
});
