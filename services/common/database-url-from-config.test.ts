import { describe, expect, it } from 'vitest';
import { databaseUrlFromConfig } from './database-url-from-config.ts';

const components = { POSTGRES_HOST: 'db.internal', POSTGRES_PORT: 6543, POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'pw', POSTGRES_DB: 'stack' };

describe('databaseUrlFromConfig', () => {
  it('builds the URL from the components, with SSL required for a remote host', () => {
    expect(databaseUrlFromConfig(components)).toBe('postgresql://app:pw@db.internal:6543/stack?sslmode=require');
  });

  it('asks asyncpg for SSL in its own parameter', () => {
    expect(databaseUrlFromConfig(components, 'asyncpg')).toBe('postgresql+asyncpg://app:pw@db.internal:6543/stack?ssl=require');
  });

  it.each(['localhost', '127.0.0.1', '::1'])('leaves SSL off for this machine (%s)', (host) => {
    expect(databaseUrlFromConfig({ ...components, POSTGRES_HOST: host })).not.toMatch(/ssl/);
  });

  it('uses port 5432 when no port is set', () => {
    expect(databaseUrlFromConfig({ ...components, POSTGRES_HOST: 'localhost', POSTGRES_PORT: undefined })).toBe('postgresql://app:pw@localhost:5432/stack');
  });

  it('puts a Cloud SQL socket in the host parameter, with no SSL parameter and no port', () => {
    const url = databaseUrlFromConfig({ ...components, POSTGRES_HOST: '/cloudsql/proj:europe-west1:db' });
    expect(url).toBe('postgresql://app:pw@/stack?host=/cloudsql/proj:europe-west1:db');
  });

  it('percent-encodes a password with URL characters in it', () => {
    const url = databaseUrlFromConfig({ ...components, POSTGRES_HOST: 'localhost', POSTGRES_PASSWORD: 'p@ss:w/rd#?' });
    expect(url).toBe('postgresql://app:p%40ss%3Aw%2Frd%23%3F@localhost:6543/stack');
    expect(decodeURIComponent(new URL(url ?? '').password)).toBe('p@ss:w/rd#?');
  });

  it('leaves the password out when none is set', () => {
    expect(databaseUrlFromConfig({ ...components, POSTGRES_HOST: 'localhost', POSTGRES_PASSWORD: undefined })).toBe('postgresql://app@localhost:6543/stack');
  });

  it('prefers the components over the deprecated DATABASE_URL', () => {
    expect(databaseUrlFromConfig({ ...components, DATABASE_URL: 'postgresql://old@elsewhere/db' })).toContain('@db.internal:6543/stack');
  });

  it.each(['POSTGRES_HOST', 'POSTGRES_USER', 'POSTGRES_DB'] as const)('falls back to DATABASE_URL when %s is missing', (missing) => {
    expect(databaseUrlFromConfig({ ...components, [missing]: undefined, DATABASE_URL: 'postgresql://old@elsewhere/db' })).toBe('postgresql://old@elsewhere/db');
  });

  it('gives undefined when nothing describes a database', () => {
    expect(databaseUrlFromConfig({})).toBeUndefined();
  });
});
