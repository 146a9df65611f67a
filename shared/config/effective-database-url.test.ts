import fc from 'fast-check';
import { parse as parseWithNodePostgres } from 'pg-connection-string';
import { describe, expect, it } from 'vitest';
import { buildDatabaseUrl } from './database-url.ts';
import { completeComponents, connectionUrl, disagreeingFields, urlConnectionFields } from './effective-database-url.ts';

const values = { host: 'db.internal', port: '6543', user: 'app', password: 'pw', database: 'stack' };

describe('connectionUrl', () => {
  it('builds from the components, each driver with its own SSL parameter, SSL on for a remote host only', () => {
    expect(connectionUrl(values, undefined, 'asyncpg')).toBe('postgresql+asyncpg://app:pw@db.internal:6543/stack?ssl=require');
    expect(connectionUrl(values, undefined, 'libpq')).toBe('postgresql://app:pw@db.internal:6543/stack?sslmode=require');
    expect(connectionUrl({ ...values, host: '127.0.0.1' }, undefined, 'libpq')).toBe('postgresql://app:pw@127.0.0.1:6543/stack');
    expect(connectionUrl({ ...values, host: '/cloudsql/p:r:i' }, undefined, 'asyncpg')).toBe('postgresql+asyncpg://app:pw@/stack?host=/cloudsql/p:r:i');
  });

  it('falls back to the whole URL unless host, user and database are all set', () => {
    expect(connectionUrl({ ...values, user: '' }, 'postgresql://old@elsewhere/db', 'libpq')).toBe('postgresql://old@elsewhere/db');
    expect(connectionUrl({ host: 'h', user: 'u', database: 'd' }, 'postgresql://old@elsewhere/db', 'libpq')).toBe('postgresql://u@h:5432/d?sslmode=require');
    expect(completeComponents({ host: 'h', database: 'd' })).toBeUndefined();
  });
});

describe('disagreeingFields', () => {
  const built = { host: 'db.internal', port: '6543', user: 'app', password: 'pw', database: 'stack' };

  it('names each field a URL and its components disagree on', () => {
    expect(disagreeingFields('postgresql://root:x@OTHER.host:5432/main?sslmode=require', built)).toEqual([
      { role: 'host', inUrl: 'OTHER.host', inComponents: 'db.internal' },
      { role: 'port', inUrl: '5432', inComponents: '6543' },
      { role: 'user', inUrl: 'root', inComponents: 'app' },
      { role: 'password', inUrl: 'x', inComponents: 'pw' },
      { role: 'database', inUrl: 'main', inComponents: 'stack' },
    ]);
    expect(disagreeingFields('postgresql://app@db.internal:6543/stack', built)).toEqual([]);
  });

  it('reads a host without case, a missing port as 5432, and a Cloud SQL socket from host=', () => {
    expect(disagreeingFields('postgresql://app@DB.internal:6543/stack', built)).toEqual([]);
    expect(disagreeingFields('postgresql://app@db.internal/stack', { ...built, port: undefined })).toEqual([]);
    const socket = { ...built, host: '/cloudsql/p:r:i' };
    expect(disagreeingFields('postgresql://app:pw@/stack?host=/cloudsql/p:r:i', socket)).toEqual([]);
    expect(urlConnectionFields('not a url')).toBeUndefined();
  });

  it('finds no disagreement between any components and the URL built from them, for every driver (fast-check)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9@:/#?% ._-]{1,12}$/).filter((text) => text !== '.' && text !== '..');
    const host = fc.constantFrom('db.internal', 'localhost', '10.0.0.7', '::1', '/cloudsql/project:region:instance');
    fc.assert(fc.property(host, fc.integer({ min: 1, max: 65_535 }), word, word, word, fc.constantFrom('asyncpg', 'psycopg', 'libpq', 'pg'), (hostName, port, user, password, database, driver) => {
      const components = { host: hostName, port: String(port), user, password, database };
      expect(disagreeingFields(buildDatabaseUrl(components, driver), components)).toEqual([]);
    }));
  });
});

describe('urlConnectionFields against node-postgres (pg-connection-string), differential', () => {
  // What node-postgres connects to, normalised as we compare: a TCP host's missing port is 5432.
  const reference = (url: string) => {
    const parsed = parseWithNodePostgres(url);
    const socket = (parsed.host ?? '').startsWith('/');
    return { host: parsed.host ?? undefined, ...(socket ? {} : { port: parsed.port || '5432' }), user: parsed.user || undefined, password: parsed.password || undefined, database: parsed.database ?? undefined };
  };
  const ours = (url: string) => {
    const fields = urlConnectionFields(url) ?? {};
    return { host: fields.host, ...(fields.port === undefined ? {} : { port: fields.port }), user: fields.user, password: fields.password, database: fields.database };
  };

  it.each([
    'postgresql://a%40b:p%2Fw@[::1]:6543/my%20db?sslmode=verify-full',
    'postgresql://app:pw@/stack?host=/cloudsql/p:r:i',
    'postgres://user@Host.Example:5433/db',
    'postgresql://app@db/stack?ssl=require',
  ])('reads %s as node-postgres does', (url) => {
    expect(ours(url)).toEqual(reference(url));
  });

  // node-postgres decodes the database name with decodeURI, which leaves %23 (#), %3F (?), %2F (/), %3A (:) and %40
  // (@) encoded; libpq, which psycopg uses, decodes them, and so do we. Names without those characters must agree.
  it('reads every URL the builder makes as node-postgres does (fast-check, 300 runs)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9@:/#?% ._-]{1,12}$/).filter((text) => text !== '.' && text !== '..');
    const database = fc.stringMatching(/^[A-Za-z0-9% ._-]{1,12}$/).filter((text) => text !== '.' && text !== '..');
    const host = fc.constantFrom('db.internal', 'localhost', '10.0.0.7', '::1', '/cloudsql/project:region:instance');
    fc.assert(fc.property(host, fc.integer({ min: 1, max: 65_535 }), word, word, database, (hostName, port, user, password, name) => {
      const url = buildDatabaseUrl({ host: hostName, port: String(port), user, password, database: name }, 'libpq', 'verify-full');
      expect(ours(url)).toEqual(reference(url));
    }), { numRuns: 300 });
  });
});
