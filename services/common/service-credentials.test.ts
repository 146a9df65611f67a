import { describe, expect, it } from 'vitest';
import { SERVICE_ID_HEADER, SERVICE_SECRET_HEADER, secretsMatch, serviceHeaders } from './service-credentials.ts';

const SECRET = 'a-shared-secret-of-forty-eight-characters-000000';

describe('secretsMatch', () => {
  it('accepts the same secret', () => {
    expect(secretsMatch(SECRET, `${SECRET}`)).toBe(true);
  });

  it.each([
    ['one character changed', `${SECRET.slice(0, -1)}1`],
    ['a prefix of it', SECRET.slice(0, 10)],
    ['it plus more', `${SECRET}x`],
    ['it in another case', SECRET.toUpperCase()],
  ])('refuses %s', (_name, given) => {
    expect(secretsMatch(given, SECRET)).toBe(false);
  });

  it('refuses a missing or empty secret on either side, even when both are empty', () => {
    expect(secretsMatch(undefined, SECRET)).toBe(false);
    expect(secretsMatch(SECRET, undefined)).toBe(false);
    expect(secretsMatch(undefined, undefined)).toBe(false);
    expect(secretsMatch('', SECRET)).toBe(false);
    expect(secretsMatch(SECRET, '')).toBe(false);
    expect(secretsMatch('', '')).toBe(false);
  });

  it('compares bytes: strings of equal length but different byte length are refused without throwing', () => {
    expect('é'.length).toBe('e'.length);
    expect(() => secretsMatch('é', 'e')).not.toThrow();
    expect(secretsMatch('é', 'e')).toBe(false);
    expect(secretsMatch('é', 'é')).toBe(true);
  });
});

describe('serviceHeaders', () => {
  it('puts the id and the secret in the two x-service headers', () => {
    expect(serviceHeaders('backend', SECRET)).toEqual({ [SERVICE_ID_HEADER]: 'backend', [SERVICE_SECRET_HEADER]: SECRET });
    expect([SERVICE_ID_HEADER, SERVICE_SECRET_HEADER]).toEqual(['x-service-id', 'x-service-secret']);
  });
});
