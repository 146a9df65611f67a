import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDatabaseUrl, driverOfUrl, sslParameterFor, sslParameterProblems } from './database-url.ts';

const components = { host: 'db.internal', port: 5433, user: 'app', password: 'p@ss/word', database: 'main' };

describe('buildDatabaseUrl', () => {
  it('builds TCP URLs with each driver\'s own SSL parameter', () => {
    expect(buildDatabaseUrl(components, 'asyncpg', 'require')).toBe('postgresql+asyncpg://app:p%40ss%2Fword@db.internal:5433/main?ssl=require');
    expect(buildDatabaseUrl(components, 'psycopg', 'require')).toBe('postgresql+psycopg://app:p%40ss%2Fword@db.internal:5433/main?sslmode=require');
    expect(buildDatabaseUrl(components, 'pg', 'verify-full')).toBe('postgresql://app:p%40ss%2Fword@db.internal:5433/main?sslmode=verify-full');
    expect(buildDatabaseUrl({ ...components, port: undefined }, 'libpq')).toBe('postgresql://app:p%40ss%2Fword@db.internal:5432/main');
  });

  it('builds the Cloud SQL unix socket form with no SSL parameter, even when asked for one', () => {
    const socket = { ...components, host: '/cloudsql/project:region:instance' };
    expect(buildDatabaseUrl(socket, 'asyncpg', 'require')).toBe('postgresql+asyncpg://app:p%40ss%2Fword@/main?host=/cloudsql/project:region:instance');
    expect(sslParameterProblems(buildDatabaseUrl(socket, 'psycopg', 'require'))).toEqual([]);
  });

  it('brackets IPv6 hosts and omits an empty password', () => {
    expect(buildDatabaseUrl({ host: '::1', user: 'u', password: '', database: 'd' }, 'pg')).toBe('postgresql://u@[::1]:5432/d');
  });

  it('round-trips any components through a URL parser (fast-check)', () => {
    const word = fc.string({ minLength: 1, maxLength: 12 });
    // '.' and '..' cannot be a URL path's name (the POSTGRES_DB type refuses them, with a finding).
    const database = word.filter((name) => name !== '.' && name !== '..');
    fc.assert(fc.property(word, word, database, fc.constantFrom('asyncpg', 'psycopg', 'pg') , (user, password, database, driver) => {
      const url = new URL(buildDatabaseUrl({ host: 'db', port: 5432, user, password, database }, driver, 'require'));
      expect(decodeURIComponent(url.username)).toBe(user);
      expect(decodeURIComponent(url.password)).toBe(password);
      expect(decodeURIComponent(url.pathname.slice(1))).toBe(database);
      expect(url.searchParams.get(sslParameterFor(driver))).toBe('require');
      expect(sslParameterProblems(url.href)).toEqual([]);
    }));
  });
});

describe('sslParameterProblems', () => {
  it('flags sslmode= for asyncpg and ssl= for libpq-style drivers', () => {
    expect(sslParameterProblems('postgresql+asyncpg://u:p@h/db?sslmode=require')).toEqual(["'sslmode=', which asyncpg does not understand (it takes 'ssl=')"]);
    expect(sslParameterProblems('postgresql+psycopg2://u:p@h/db?ssl=require')).toEqual(["'ssl=', which psycopg2 does not understand (it takes 'sslmode=')"]);
    expect(sslParameterProblems('postgresql://u:p@h/db?sslmode=require')).toEqual([]);
  });

  it('flags any SSL parameter on a Cloud SQL socket', () => {
    expect(sslParameterProblems('postgresql://u:p@/db?host=/cloudsql/p:r:i&sslmode=require')).toHaveLength(1);
  });

  it('names the driver of a URL by its scheme', () => {
    expect(driverOfUrl('postgres://h/db')).toBe('libpq');
    expect(driverOfUrl('postgresql+asyncpg://h/db')).toBe('asyncpg');
    expect(driverOfUrl('mysql://h/db')).toBeUndefined();
  });
});
