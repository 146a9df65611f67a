import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { localhostInDeployedProfile, pointsAtThisMachine } from './localhost-in-deployed-profile.ts';

const SECRET = 'hunter2-secret-value';

// The rule's findings as service:key, for the root's own file of the profile (.env, .env.production...).
function flagged(profile: Profile, rootEnv: string): string[] {
  return localhostInDeployedProfile(stackFixture({ profile, files: { [baseEnvFileName(profile)]: rootEnv } })).map((finding) => `${finding.service}:${finding.key}`);
}

describe('localhost-in-deployed-profile', () => {
  it('reports a connection URL at localhost in staging for every service, with file:line and what to do', () => {
    const findings = localhostInDeployedProfile(stackFixture({ profile: 'staging', files: { '.env.staging': 'LOG_LEVEL=info\nREDIS_URL=redis://localhost:6379\n' } }));
    expect(findings).toEqual(['auth', 'backend'].map((service) => ({
      rule: 'localhost-in-deployed-profile',
      severity: 'error',
      service,
      key: 'REDIS_URL',
      file: '.env.staging',
      line: 2,
      message: 'REDIS_URL from .env.staging:2 points at this machine (localhost) in staging, where nothing listens',
      suggestion: 'Set REDIS_URL to the staging address of the service',
    })));
  });

  it.each([
    ['POSTGRES_HOST=localhost'], ['POSTGRES_HOST=127.0.0.1'], ['POSTGRES_HOST=127.0.1.1'], ['POSTGRES_HOST=::1'], ['POSTGRES_HOST=0.0.0.0'],
    ['REDIS_URL=redis://[::1]:6379'], ['REDIS_URL=redis://LOCALHOST:6379'], ['REDIS_URL=redis://cache.localhost:6379'],
  ])('flags %s in production', (line) => {
    expect(flagged('production', `${line}\n`)).toEqual([`auth:${line.split('=')[0]}`, `backend:${line.split('=')[0]}`]);
  });

  it('flags backend-only URLs (CLICKHOUSE_URL, FRONTEND_URL, AUTH_SERVICE_URL) on the backend', () => {
    const files = { 'backend/.env.production': 'CLICKHOUSE_URL=http://localhost:8123\nFRONTEND_URL=http://localhost:3000\nAUTH_SERVICE_URL=http://127.0.0.1:8081\n' };
    const findings = localhostInDeployedProfile(stackFixture({ profile: 'production', files }));
    expect(findings.map(({ key, line }) => [line, key]).sort()).toEqual([[1, 'CLICKHOUSE_URL'], [2, 'FRONTEND_URL'], [3, 'AUTH_SERVICE_URL']]);
  });

  it.each(['development', 'test'] as const)('is silent in %s, where localhost is the point', (profile) => {
    expect(flagged(profile, 'POSTGRES_HOST=localhost\nREDIS_URL=redis://localhost:6379\n')).toEqual([]);
  });

  it('accepts remote hosts, Cloud SQL sockets and names that merely contain "localhost"', () => {
    const env = 'POSTGRES_HOST=/cloudsql/proj:europe-west1:db\nREDIS_URL=redis://localhost-cache.internal:6379\n';
    expect(flagged('production', env)).toEqual([]);
    expect(flagged('production', 'POSTGRES_HOST=db.internal\nREDIS_URL=rediss://10.0.0.5:6379\n')).toEqual([]);
  });

  it('ignores values that are not hosts or URLs', () => {
    expect(flagged('staging', 'SERVICE_ID=localhost\nPOSTGRES_DB=localhost\n')).toEqual([]);
  });

  it('never shows a password embedded in the URL', () => {
    const findings = localhostInDeployedProfile(stackFixture({ profile: 'staging', files: { '.env.staging': `REDIS_URL=redis://:${SECRET}@localhost:6379\n` } }));
    expect(findings).toHaveLength(2);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });
});

describe('pointsAtThisMachine', () => {
  it('knows an IPv4 address is this machine exactly when it is loopback or 0.0.0.0', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      const local = ip.startsWith('127.') || ip === '0.0.0.0';
      return pointsAtThisMachine(ip) === local && pointsAtThisMachine(`http://${ip}:8000/`) === local;
    }));
  });

  it('does not mistake a garbled URL for localhost', () => {
    expect(pointsAtThisMachine('http://[localhost')).toBe(false);
  });
});
