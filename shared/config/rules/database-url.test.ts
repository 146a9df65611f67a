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

describe('database-url-direct when the components are set too', () => {
  const COMPONENTS = 'POSTGRES_HOST=db.internal\nPOSTGRES_PORT=6543\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=' + SECRET + '\nPOSTGRES_DB=stack\n';
  // Staging and production read no development file: their values come from their own two files.
  const direct = (url: string, profile: Profile = 'development') => {
    const [urlFile, componentsFile] = profile === 'staging' || profile === 'production' ? [`backend/.env.${profile}`, `backend/.env.${profile}.local`] : ['backend/.env', 'backend/.env.local'];
    return databaseUrlRules(stackFixture({ profile, files: { [urlFile]: `DATABASE_URL=${url}\n`, [componentsFile]: COMPONENTS } })).filter((finding) => finding.service === 'backend');
  };

  it('says the URL is ignored, naming each component with its file:line, when both name the same database', () => {
    expect(direct('postgresql://app@DB.internal:6543/stack')).toEqual([expect.objectContaining({
      rule: 'database-url-direct',
      severity: 'warning',
      file: 'backend/.env',
      line: 1,
      message: 'DATABASE_URL (from backend/.env:1) is ignored: backend builds its URL from POSTGRES_HOST (backend/.env.local:1), POSTGRES_PORT (backend/.env.local:2), POSTGRES_USER (backend/.env.local:3), POSTGRES_PASSWORD (backend/.env.local:4), POSTGRES_DB (backend/.env.local:5), which name the same database',
      suggestion: 'Remove DATABASE_URL from backend/.env:1: it is never read while the components are set',
    })]);
  });

  it('names every field where the ignored URL and the components disagree, with both sources, an error in staging', () => {
    const [finding] = direct(`postgresql://root:${SECRET}@old-db:5432/legacy?sslmode=require`, 'staging');
    expect(finding).toMatchObject({ rule: 'database-url-direct', severity: 'error', file: 'backend/.env.staging', line: 1 });
    expect(finding?.message).toContain(', and the two disagree: ');
    expect(finding?.message).toContain("host 'old-db' in DATABASE_URL (backend/.env.staging:1) but 'db.internal' from POSTGRES_HOST (backend/.env.staging.local:1)");
    expect(finding?.message).toContain("port '5432' in DATABASE_URL (backend/.env.staging:1) but '6543' from POSTGRES_PORT (backend/.env.staging.local:2)");
    expect(finding?.message).toContain("user 'root' in DATABASE_URL (backend/.env.staging:1) but 'app' from POSTGRES_USER (backend/.env.staging.local:3)");
    expect(finding?.message).toContain("database 'legacy' in DATABASE_URL (backend/.env.staging:1) but 'stack' from POSTGRES_DB (backend/.env.staging.local:5)");
    expect(finding?.message).not.toContain('password');
    expect(finding?.message).not.toContain(SECRET);
  });

  it('says a stale password in the ignored URL differs from the component, never showing either', () => {
    const [finding] = direct('postgresql://app:rotated-away-password@db.internal:6543/stack', 'production');
    expect(finding?.message).toMatch(/, and the two disagree: the password in DATABASE_URL \(backend\/\.env\.production:1\) is not the one POSTGRES_PASSWORD \(backend\/\.env\.production\.local:4\) holds$/);
    expect(finding?.message).not.toContain('rotated-away-password');
    expect(finding?.message).not.toContain(SECRET);
  });

  it('keeps the plain "set directly" finding while the components are incomplete', () => {
    const findings = databaseUrlRules(stackFixture({ files: { 'backend/.env': 'DATABASE_URL=postgresql://app@db/app\nPOSTGRES_HOST=db\n' } }));
    expect(findings.find((finding) => finding.service === 'backend')?.message).toMatch(/^DATABASE_URL is set directly/);
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
