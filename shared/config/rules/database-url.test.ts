import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.ts';
import type { Profile } from '../profile.ts';
import { baseEnvFileName } from '../stack.ts';
import { stackFixture } from '../testing/stack-fixture.ts';
import { databaseUrlRules } from './database-url.ts';

const SECRET = 'hunter2-secret-value';

// The rule over the backend's own file the profile reads (.env, .env.staging...) whose second line is DATABASE_URL.
function check(url: string, profile: Profile = 'development'): Finding[] {
  return databaseUrlRules(stackFixture({ profile, files: { [`backend/${baseEnvFileName(profile)}`]: `LOG_LEVEL=info\nDATABASE_URL=${url}\n` } }));
}

const rulesOf = (findings: Finding[]) => findings.map((finding) => finding.rule);

describe('database-url-direct', () => {
  it.each([['development', 'warning'], ['test', 'warning'], ['staging', 'error'], ['production', 'error']] as const)(
    'in %s, a DATABASE_URL set by hand is a(n) %s that names the POSTGRES_* components', (profile, severity) => {
      expect(check('postgresql://app@db.internal:5432/app', profile)).toEqual([{
        rule: 'database-url-direct',
        severity,
        service: 'backend',
        key: 'DATABASE_URL',
        file: `backend/${baseEnvFileName(profile)}`,
        line: 2,
        message: `DATABASE_URL is set directly (from backend/${baseEnvFileName(profile)}:2) instead of POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, so the URL builder cannot fix its SSL parameters per driver`,
        suggestion: 'Set POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB instead',
      }]);
    });

  it('is silent for a test database that is not PostgreSQL (sqlite:///:memory:), which has no components to prefer', () => {
    expect(check('sqlite:///:memory:', 'test')).toEqual([]);
  });

  it('is silent when DATABASE_URL is unset or empty', () => {
    expect(databaseUrlRules(stackFixture())).toEqual([]);
    expect(check('')).toEqual([]);
  });

  it('flags each service that receives it from the stack root', () => {
    const findings = databaseUrlRules(stackFixture({ files: { '.env': 'DATABASE_URL=postgresql://app@db/app\n' } }));
    expect(findings.map((finding) => [finding.service, finding.file, finding.line])).toEqual([['auth', '.env', 1], ['backend', '.env', 1]]);
  });
});

describe('ssl-param-conflict', () => {
  it.each([
    ['postgresql+asyncpg://app@db/app?sslmode=require', "'sslmode=', which asyncpg does not understand (it takes 'ssl=')"],
    ['postgresql://app@db/app?ssl=true', "'ssl=', which libpq does not understand (it takes 'sslmode=')"],
    ['postgresql+psycopg://app@db/app?ssl=require', "'ssl=', which psycopg does not understand (it takes 'sslmode=')"],
    ['postgresql+psycopg2://app@db/app?host=/cloudsql/proj:region:db&sslmode=require', "'sslmode=' on a Cloud SQL unix socket (/cloudsql/), which takes no SSL parameter"],
  ])('reports %s with file:line, the driver and the parameter it takes', (url, problem) => {
    const conflict = check(url).find((finding) => finding.rule === 'ssl-param-conflict');
    expect(conflict).toMatchObject({ severity: 'warning', service: 'backend', key: 'DATABASE_URL', file: 'backend/.env', line: 2 });
    expect(conflict?.message).toBe(`DATABASE_URL from backend/.env:2 has ${problem}`);
    expect(conflict?.suggestion).toBe('Remove the parameter, or let Stackdeck build the URL from POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB');
  });

  it('is an error in staging and production', () => {
    for (const profile of ['staging', 'production'] as const) {
      const conflict = check('postgresql+asyncpg://app@db/app?sslmode=require', profile).find((finding) => finding.rule === 'ssl-param-conflict');
      expect(conflict?.severity).toBe('error');
    }
  });

  it('accepts the parameter each driver takes, and URLs without one', () => {
    expect(rulesOf(check('postgresql+asyncpg://app@db/app?ssl=require'))).toEqual(['database-url-direct']);
    expect(rulesOf(check('postgresql://app@db/app?sslmode=verify-full'))).toEqual(['database-url-direct']);
    expect(rulesOf(check('postgres://app@db/app'))).toEqual(['database-url-direct']);
  });

  it('never shows the password in the URL', () => {
    const findings = check(`postgresql+asyncpg://app:${SECRET}@db.internal/app?sslmode=require`, 'production');
    expect(rulesOf(findings)).toEqual(['database-url-direct', 'ssl-param-conflict']);
    for (const finding of findings) {
      expect(finding.message).not.toContain(SECRET);
      expect(finding.suggestion).not.toContain(SECRET);
    }
  });

  it('checks the components the URL is built from: an SSL parameter pasted into one is reported, once per service, with file:line', () => {
    const findings = databaseUrlRules(stackFixture({ profile: 'staging', files: { '.env.staging': 'POSTGRES_HOST=db.internal\nPOSTGRES_DB=app?sslmode=require\n' } }));
    expect(findings).toEqual(['auth', 'backend'].map((service) => ({
      rule: 'ssl-param-conflict',
      severity: 'error',
      service,
      key: 'POSTGRES_DB',
      file: '.env.staging',
      line: 2,
      message: "POSTGRES_DB from .env.staging:2 carries 'sslmode=require', but DATABASE_URL is built from POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB: the builder escapes it into POSTGRES_DB itself, so the driver never sees it",
      suggestion: "Remove 'sslmode=require' from POSTGRES_DB: the builder adds the SSL parameter each driver takes (none on a Cloud SQL unix socket)",
    })));
    expect(databaseUrlRules(stackFixture({ files: { '.env': 'POSTGRES_HOST=/cloudsql/p:r:i\nPOSTGRES_DB=app\n' } }))).toEqual([]);
  });
});
