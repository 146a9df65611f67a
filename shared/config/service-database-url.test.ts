import { describe, expect, it } from 'vitest';
import { stackReport } from './report.ts';
import { shownDrivers } from './service-database-url.ts';
import { stackFixture, type FixtureOptions } from './testing/stack-fixture.ts';
import { validateStack } from './validate.ts';

const SECRET = 'hunter2-database-password';

// The backend's URL variable as the JSON report carries it.
function urlReport(options: FixtureOptions) {
  const context = stackFixture(options);
  const report = stackReport(context.profile, context.services, validateStack(context), String);
  return report.services.find((service) => service.name === 'backend')?.variables.find((variable) => variable.key === 'DATABASE_URL');
}

describe('the effective database URL in the report', () => {
  it('is built from the components, masked, in the form each driver receives, naming each component\'s source', () => {
    const variable = urlReport({ profile: 'staging', files: {
      'backend/.env.staging': `POSTGRES_HOST=db.internal\nPOSTGRES_PORT=6543\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=${SECRET}\nPOSTGRES_DB=stack\nDATABASE_URL=postgresql://app@old/stack\n`,
    } });
    expect(variable?.effectiveUrl).toEqual({
      from: 'components',
      urlIgnored: true,
      components: [
        { role: 'host', key: 'POSTGRES_HOST', source: { kind: 'file', file: 'backend/.env.staging', line: 1 } },
        { role: 'port', key: 'POSTGRES_PORT', source: { kind: 'file', file: 'backend/.env.staging', line: 2 } },
        { role: 'user', key: 'POSTGRES_USER', source: { kind: 'file', file: 'backend/.env.staging', line: 3 } },
        { role: 'password', key: 'POSTGRES_PASSWORD', source: { kind: 'file', file: 'backend/.env.staging', line: 4 } },
        { role: 'database', key: 'POSTGRES_DB', source: { kind: 'file', file: 'backend/.env.staging', line: 5 } },
      ],
      drivers: [
        { driver: 'asyncpg', url: 'postgresql+asyncpg://app:***@db.internal:6543/stack?ssl=require' },
        { driver: 'libpq', url: 'postgresql://app:***@db.internal:6543/stack?sslmode=require' },
      ],
    });
    expect(JSON.stringify(variable)).not.toContain(SECRET);
  });

  it('is the URL itself, masked, when the components are incomplete', () => {
    const variable = urlReport({ files: { 'backend/.env': `DATABASE_URL=postgresql+asyncpg://app:${SECRET}@db/stack?ssl=require\n` } });
    expect(variable?.effectiveUrl).toMatchObject({ from: 'url', urlIgnored: false, drivers: [{ driver: 'asyncpg', url: 'postgresql+asyncpg://app:***@db/stack?ssl=require' }] });
    expect(JSON.stringify(variable)).not.toContain(SECRET);
  });

  it('is absent when nothing gives the service a database, and on every other variable', () => {
    expect(urlReport({})?.effectiveUrl).toBeUndefined();
    const context = stackFixture({ files: { 'backend/.env': 'POSTGRES_HOST=localhost\nPOSTGRES_USER=app\nPOSTGRES_DB=stack\n' } });
    const report = stackReport(context.profile, context.services, validateStack(context), String);
    const withUrl = report.services.flatMap((service) => service.variables.filter((variable) => variable.effectiveUrl).map((variable) => `${service.name} ${variable.key} ${variable.effectiveUrl?.drivers[1]?.url}`));
    expect(withUrl).toEqual(['backend DATABASE_URL postgresql://app@localhost:5432/stack']);
  });

  it('shows asyncpg and libpq, and the driver the schema names', () => {
    expect(shownDrivers('from-scheme')).toEqual(['asyncpg', 'libpq']);
    expect(shownDrivers('psycopg2')).toEqual(['asyncpg', 'libpq', 'psycopg2']);
    expect(shownDrivers('asyncpg')).toEqual(['asyncpg', 'libpq']);
  });
});
