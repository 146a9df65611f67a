import { describe, expect, it } from 'vitest';
import { createToken, isStrongToken, tokensMatch } from './token.ts';

describe('createToken', () => {
  it('makes 32 random bytes as 43 base64url characters, different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => createToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });
});

describe('isStrongToken', () => {
  it('accepts a made token and refuses short or non-base64url ones', () => {
    expect(isStrongToken(createToken())).toBe(true);
    expect(isStrongToken('a'.repeat(42))).toBe(false);
    expect(isStrongToken(`${'a'.repeat(42)}=`)).toBe(false);
    expect(isStrongToken(`${'a'.repeat(42)} `)).toBe(false);
    expect(isStrongToken('')).toBe(false);
  });
});

describe('tokensMatch', () => {
  it('is true only for the same token', () => {
    const token = createToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(`${token}`, token.slice(0))).toBe(true);
    expect(tokensMatch(createToken(), token)).toBe(false);
    expect(tokensMatch(token.slice(0, -1), token)).toBe(false);
    expect(tokensMatch(`${token}x`, token)).toBe(false);
    expect(tokensMatch('', token)).toBe(false);
  });

  it('compares tokens of any length or content without throwing', () => {
    const token = createToken();
    for (const given of ['x', 'é'.repeat(500), '\u0000', token.toUpperCase()]) expect(tokensMatch(given, token)).toBe(false);
  });
});
