import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import { PROFILES, isDeployedProfile, type Profile } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { missingTls, tlsRequired } from './tls-required.ts';

const SECRET = 'hunter2-secret-value';

// The rule over one line of the backend's own file of the profile.
function check(line: string, profile: Profile = 'staging'): Finding[] {
  return tlsRequired(stackFixture({ profile, files: { [`backend/${baseEnvFileName(profile)}`]: `LOG_LEVEL=info\n${line}\n` } }));
}

describe('tls-required', () => {
  it.each([
    ['REDIS_URL=redis://cache.internal:6379/0', 'uses redis://, which is not encrypted', 'In REDIS_URL, use rediss://: REDIS_URL=rediss://cache.internal:6379/0'],
    ['CLICKHOUSE_URL=http://ch.internal:8123', 'uses http://, which is not encrypted', 'In CLICKHOUSE_URL, use https://: CLICKHOUSE_URL=https://ch.internal:8123'],
    ['DATABASE_URL=postgresql://app@db.internal/app?sslmode=disable', 'has sslmode=disable, which allows an unencrypted connection',
      'In DATABASE_URL, use sslmode=require (or verify-full): DATABASE_URL=postgresql://app@db.internal/app?sslmode=require'],
    ['DATABASE_URL=postgresql://app@db.internal/app?connect_timeout=5&sslmode=prefer', 'has sslmode=prefer, which allows an unencrypted connection',
      'In DATABASE_URL, use sslmode=require (or verify-full): DATABASE_URL=postgresql://app@db.internal/app?connect_timeout=5&sslmode=require'],
    ['DATABASE_URL=postgresql://app@db.internal/app?sslmode=allow', 'has sslmode=allow, which allows an unencrypted connection',
      'In DATABASE_URL, use sslmode=require (or verify-full): DATABASE_URL=postgresql://app@db.internal/app?sslmode=require'],
    ['DATABASE_URL=postgresql+asyncpg://app@db.internal/app', 'has no ssl= parameter, so the driver may connect without TLS',
      'In DATABASE_URL, add ssl=require: DATABASE_URL=postgresql+asyncpg://app@db.internal/app?ssl=require'],
  ])('in staging, %s is an error naming the reason and the exact fix', (line, reason, suggestion) => {
    const key = line.split('=')[0] ?? '';
    const findings = check(line);
    expect(findings).toEqual([{
      rule: 'tls-required',
      severity: 'error',
      service: 'backend',
      key,
      file: 'backend/.env.staging',
      line: 2,
      message: `${key} (${line.slice(key.length + 1)}) from backend/.env.staging:2 ${reason}; staging requires TLS`,
      suggestion,
    }]);
  });

  it('accepts TLS URLs and Cloud SQL unix sockets, which take no SSL parameter', () => {
    for (const line of ['REDIS_URL=rediss://cache.internal:6379', 'CLICKHOUSE_URL=https://ch.internal:8443', 'DATABASE_URL=postgresql://app@db.internal/app?sslmode=verify-full',
      'DATABASE_URL=postgresql+asyncpg://app@db.internal/app?ssl=require', 'DATABASE_URL=postgresql://app:pw@/app?host=/cloudsql/proj:region:db']) {
      expect(check(line, 'production'), line).toEqual([]);
    }
  });

  it.each(PROFILES.filter((profile) => !isDeployedProfile(profile)))('is silent in %s, where the schema does not ask for TLS', (profile) => {
    expect(check('REDIS_URL=redis://localhost:6379', profile)).toEqual([]);
  });

  it('never shows a password: neither in the message nor in the fixed URL', () => {
    const [finding] = check(`REDIS_URL=redis://:${SECRET}@cache.internal:6379`, 'production');
    expect(finding?.suggestion).toBe('In REDIS_URL, use rediss://: REDIS_URL=rediss://:***@cache.internal:6379');
    expect(`${finding?.message} ${finding?.suggestion}`).not.toContain(SECRET);
  });

  it('its fix always passes the rule: applying the suggestion leaves nothing to find', () => {
    const urls = fc.tuple(
      fc.constantFrom('http', 'redis', 'ws', 'postgresql', 'postgres', 'postgresql+asyncpg', 'postgresql+psycopg'),
      fc.domain(),
      fc.constantFrom('', '?sslmode=disable', '?ssl=false', '?sslmode=prefer&application_name=x', '?connect_timeout=3', '#frag'),
    ).map(([scheme, host, tail]) => `${scheme}://${host}/db${tail}`);
    fc.assert(fc.property(urls, (url) => {
      const problem = missingTls(url);
      if (problem) expect(missingTls(problem.fixed), `${url} -> ${problem.fixed}`).toBeUndefined();
    }));
  });
});
