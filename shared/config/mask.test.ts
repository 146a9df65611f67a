import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, embeddedCredentials, looksSecret, maskEmbeddedCredentials, maskValue } from './mask.ts';

describe('looksSecret', () => {
  it.each(['JWT_SECRET_KEY', 'POSTGRES_PASSWORD', 'GITHUB_TOKEN', 'API_KEY', 'STRIPE_APIKEY', 'AWS_CREDENTIALS', 'PRIVATE_PEM', 'DB_PWD', 'KEY'])('treats %s as a secret', (key) => {
    expect(looksSecret(key)).toBe(true);
  });

  it.each(['PORT', 'LOG_LEVEL', 'KEYBOARD_LAYOUT', 'MONKEY_COUNT', 'POSTGRES_HOST'])('leaves %s alone', (key) => {
    expect(looksSecret(key)).toBe(false);
  });
});

describe('maskEmbeddedCredentials', () => {
  it.each([
    ['postgresql://user:s3cret@db.internal:5432/app', 'postgresql://user:***@db.internal:5432/app'],
    ['postgresql+asyncpg://user:p%40ss@/app?host=/cloudsql/p:r:i', 'postgresql+asyncpg://user:***@/app?host=/cloudsql/p:r:i'],
    ['redis://:hunter2@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['rediss://default:pw/with/slashes@cache:6380', 'rediss://default:***@cache:6380'],
    ['https://user:pw@clickhouse.cloud:8443/db', 'https://user:***@clickhouse.cloud:8443/db'],
    ['https://api.example.com/?api_key=abc123&page=2', 'https://api.example.com/?api_key=***&page=2'],
    ['postgresql://u@h/db?sslpassword=zzz', 'postgresql://u@h/db?sslpassword=***'],
    ['http://127.0.0.1:8081', 'http://127.0.0.1:8081'],
    // An '@' left unencoded in the password: URL parsers split at the last '@', so the whole password is masked.
    ['redis://:p@ss@w0rd@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['https://u:pw@host/x?e=a@b.example', 'https://u:***@host/x?e=a@b.example'],
  ])('masks %s', (input, expected) => {
    expect(maskEmbeddedCredentials(input)).toBe(expected);
  });
});

describe('embeddedCredentials', () => {
  it('names what masking hides, so a log line quoting the URL can be redacted too', () => {
    expect(embeddedCredentials('redis://:hunter22@cache:6379/0')).toEqual(['hunter22']);
    expect(embeddedCredentials('postgresql://user:p%40ssword@db/app?sslpassword=zzz&page=2')).toEqual(['p%40ssword', 'p@ssword', 'zzz']);
    expect(embeddedCredentials('http://127.0.0.1:8081?page=2')).toEqual([]);
  });

  it('finds every password masking hides, whatever the password (fast-check)', () => {
    const password = fc.string({ minLength: 4, maxLength: 30 }).filter((p) => !/[\s@]/.test(p));
    fc.assert(fc.property(fc.constantFrom('postgresql', 'redis', 'https'), fc.constantFrom('', 'user'), password, (scheme, user, pw) => {
      expect(embeddedCredentials(`${scheme}://${user}:${pw}@host:1/db`)).toContain(pw);
    }));
  });
});

describe('maskValue', () => {
  it('hides a secret whole and keeps an empty secret visibly empty', () => {
    expect(maskValue('anything at all', true)).toBe(MASK);
    expect(maskValue('', true)).toBe('');
  });

  it('never lets a URL password through, whatever the password (fast-check)', () => {
    // '@' may be left unencoded, where no '/', '?' or '#' in the password would end the authority for a URL parser.
    const password = fc.string({ minLength: 4, maxLength: 30 }).filter((p) => !/\s/.test(p) && !/^[*]+$/.test(p) && !(p.includes('@') && /[/?#]/.test(p)));
    fc.assert(fc.property(fc.constantFrom('postgresql', 'redis', 'https', 'postgresql+asyncpg'), fc.constantFrom('', 'user'), password, (scheme, user, pw) => {
      const masked = maskValue(`${scheme}://${user}:${pw}@host:1/db`, false);
      expect(masked).toBe(`${scheme}://${user}:${MASK}@host:1/db`);
    }));
  });
});
