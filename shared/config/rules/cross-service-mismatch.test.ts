import { describe, expect, it } from 'vitest';
import { PROFILES } from '../profile.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { crossServiceMismatch } from './cross-service-mismatch.ts';

const SECRET = 'hunter2-secret-value';
// Two distinct secrets, long enough that no other rule cares, both holding SECRET.
const FIRST = `${SECRET}-first`.padEnd(48, 'a');
const SECOND = `${SECRET}-second`.padEnd(48, 'b');

describe('cross-service-mismatch: shared secrets', () => {
  it('reports JWT_SECRET_KEY that differs between services, with both places and a single source of truth', () => {
    const files = { 'auth/.env': `JWT_SECRET_KEY=${FIRST}\n`, 'backend/.env': `LOG_LEVEL=info\nJWT_SECRET_KEY=${SECOND}\n` };
    expect(crossServiceMismatch(stackFixture({ files }))).toEqual([{
      rule: 'cross-service-mismatch',
      severity: 'error',
      services: ['auth', 'backend'],
      key: 'JWT_SECRET_KEY',
      file: 'auth/.env',
      line: 1,
      message: 'JWT_SECRET_KEY differs between services: auth (auth/.env:1) vs backend (backend/.env:2). Tokens and calls signed by one are refused by the other',
      suggestion: 'Set JWT_SECRET_KEY once in the stack root .env (or the environment) and remove the per-service copies',
    }]);
  });

  it.each(PROFILES)('is an error in %s, and covers SERVICE_SECRET too', (profile) => {
    const files = { [`auth/.env.${profile}`]: `SERVICE_SECRET=${FIRST}\n`, [`backend/.env.${profile}`]: `SERVICE_SECRET=${SECOND}\n` };
    expect(crossServiceMismatch(stackFixture({ profile, files }))).toEqual([
      expect.objectContaining({ severity: 'error', key: 'SERVICE_SECRET', services: ['auth', 'backend'], file: `auth/.env.${profile}`, line: 1 }),
    ]);
  });

  it('is silent when the services agree: shared fallbacks, one root value, equal copies, or unset', () => {
    expect(crossServiceMismatch(stackFixture())).toEqual([]);
    expect(crossServiceMismatch(stackFixture({ files: { '.env': `JWT_SECRET_KEY=${FIRST}\n` } }))).toEqual([]);
    expect(crossServiceMismatch(stackFixture({ files: { 'auth/.env': `JWT_SECRET_KEY=${FIRST}\n`, 'backend/.env': `JWT_SECRET_KEY=${FIRST}\n` } }))).toEqual([]);
    expect(crossServiceMismatch(stackFixture({ profile: 'staging' }))).toEqual([]);
  });

  // Regression: the place came from the first service even when its value was a fallback with no file.
  it('points at the file that sets the differing value, whichever service holds it', () => {
    const [finding] = crossServiceMismatch(stackFixture({ files: { 'backend/.env': `JWT_SECRET_KEY=${SECOND}\n` } }));
    expect(finding).toMatchObject({ file: 'backend/.env', line: 1 });
  });

  it('never shows either secret', () => {
    const findings = crossServiceMismatch(stackFixture({ files: { 'auth/.env': `JWT_SECRET_KEY=${FIRST}\nSERVICE_SECRET=${FIRST}\n`, '.env': `SERVICE_SECRET=${SECOND}\n` } }));
    expect(findings).toHaveLength(2);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});

describe('cross-service-mismatch: one value under two names (mustMatchAcrossServices with aliases)', () => {
  it("reports the backend's GOOGLE_CLIENT_ID that differs from auth's OAUTH_GOOGLE_CLIENT_ID_<PROFILE>, naming both keys", () => {
    const files = { 'backend/.env.staging': 'GOOGLE_CLIENT_ID=backend-client.apps.example.com\n', 'auth/.env.staging': 'OAUTH_GOOGLE_CLIENT_ID_STAGING=auth-client.apps.example.com\n' };
    expect(crossServiceMismatch(stackFixture({ profile: 'staging', files }))).toEqual([{
      rule: 'cross-service-mismatch',
      severity: 'error',
      services: ['auth', 'backend'],
      key: 'OAUTH_GOOGLE_CLIENT_ID_STAGING',
      file: 'auth/.env.staging',
      line: 1,
      message: 'OAUTH_GOOGLE_CLIENT_ID_STAGING / GOOGLE_CLIENT_ID differs between services: auth OAUTH_GOOGLE_CLIENT_ID_STAGING (auth/.env.staging:1) vs backend GOOGLE_CLIENT_ID (backend/.env.staging:1). Without one value: "Sign in with Google" fails in staging',
      suggestion: 'Give OAUTH_GOOGLE_CLIENT_ID_STAGING and GOOGLE_CLIENT_ID the same value: one secret in the secret manager, mapped to each name',
    }]);
  });

  it('compares the client secrets the same way, without showing either', () => {
    const files = { 'backend/.env.production': `GOOGLE_CLIENT_SECRET=${FIRST}\n`, 'auth/.env.production': `OAUTH_GOOGLE_CLIENT_SECRET_PRODUCTION=${SECOND}\n` };
    const findings = crossServiceMismatch(stackFixture({ profile: 'production', files }));
    expect(findings.map((finding) => finding.key)).toEqual(['OAUTH_GOOGLE_CLIENT_SECRET_PRODUCTION']);
    expect(`${findings[0]?.message} ${findings[0]?.suggestion}`).not.toContain(SECRET);
  });

  it("is silent when they agree, and ignores another profile's per-profile name", () => {
    const agree = { 'backend/.env.staging': 'GOOGLE_CLIENT_ID=one.apps.example.com\n', 'auth/.env.staging': 'OAUTH_GOOGLE_CLIENT_ID_STAGING=one.apps.example.com\nOAUTH_GOOGLE_CLIENT_ID_PRODUCTION=two\n' };
    expect(crossServiceMismatch(stackFixture({ profile: 'staging', files: agree }))).toEqual([]);
  });
});

describe('cross-service-mismatch: peer URLs', () => {
  it("reports a local AUTH_SERVICE_URL on a port auth does not listen on, with both services and the right port", () => {
    expect(crossServiceMismatch(stackFixture({ files: { 'backend/.env': 'AUTH_SERVICE_URL=http://127.0.0.1:9999\n' } }))).toEqual([{
      rule: 'cross-service-mismatch',
      severity: 'error',
      services: ['backend', 'auth'],
      key: 'AUTH_SERVICE_URL',
      file: 'backend/.env',
      line: 1,
      message: "backend's AUTH_SERVICE_URL (backend/.env:1) points at port 9999, but auth listens on 8081",
      suggestion: 'Remove AUTH_SERVICE_URL and let the launcher set it from discovery, or change it to port 8081',
    }]);
  });

  it("follows auth's actual PORT, whoever set it", () => {
    const [finding] = crossServiceMismatch(stackFixture({ launcher: { auth: { PORT: '51001' } }, files: { 'backend/.env': 'AUTH_SERVICE_URL=http://localhost:8081\n' } }));
    expect(finding?.message).toContain('points at port 8081, but auth listens on 51001');
  });

  it('is silent for a matching port, a remote host, or the development fallback the launcher replaces', () => {
    const quiet = (url: string) => crossServiceMismatch(stackFixture({ files: { 'backend/.env': `AUTH_SERVICE_URL=${url}\n` } }));
    expect(quiet('http://localhost:8081')).toEqual([]);
    expect(quiet('https://auth.internal.example.com')).toEqual([]);
    expect(crossServiceMismatch(stackFixture({ launcher: { auth: { PORT: '51001' } } }))).toEqual([]);
  });
});
