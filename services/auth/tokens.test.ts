import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, DEV_PERMISSIONS, ISSUER, issueToken, userIdFor, verifyToken } from './tokens.ts';

const SECRET = 'k'.repeat(48);
// Tokens are built by hand with jose here, so each test controls header, claims and key.
const key = (secret: string) => new TextEncoder().encode(secret);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

// A token with every claim issueToken sets, signed by hand so each test can change one thing.
function claims(overrides: Record<string, unknown> = {}) {
  return { sub: userIdFor('dev@example.com'), email: 'dev@example.com', permissions: DEV_PERMISSIONS, iss: ISSUER, aud: AUDIENCE, iat: nowSeconds(), exp: nowSeconds() + 600, ...overrides };
}

describe('issueToken / verifyToken', () => {
  it('round-trips: an issued token verifies with the user, email, permissions and expiry', async () => {
    const issued = await issueToken('Dev@Example.com', SECRET, 900);
    expect(issued).toMatchObject({ token_type: 'bearer', expires_in: 900, user: { id: userIdFor('dev@example.com'), email: 'Dev@Example.com' } });
    expect(decodeProtectedHeader(issued.access_token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = decodeJwt(issued.access_token);
    expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: issued.user.id });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);

    const verdict = await verifyToken(issued.access_token, SECRET);
    expect(verdict).toEqual({
      valid: true,
      user_id: issued.user.id,
      email: 'Dev@Example.com',
      permissions: DEV_PERMISSIONS,
      expires_at: new Date((payload.exp ?? 0) * 1000).toISOString(),
    });
  });

  it('rejects an expired token as expired', async () => {
    const token = await new SignJWT(claims({ iat: nowSeconds() - 120, exp: nowSeconds() - 60 })).setProtectedHeader({ alg: 'HS256' }).sign(key(SECRET));
    expect(await verifyToken(token, SECRET)).toEqual({ valid: false, user_id: null, permissions: [], reason: 'expired' });
  });

  it('rejects a token issued with a 1 s lifetime once that second has passed', async () => {
    const issued = await issueToken('dev@example.com', SECRET, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await verifyToken(issued.access_token, SECRET)).toMatchObject({ valid: false, reason: 'expired' });
  });

  it('rejects a token signed with another key as bad_signature', async () => {
    const issued = await issueToken('dev@example.com', 'another-key-'.repeat(4), 900);
    expect(await verifyToken(issued.access_token, SECRET)).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('rejects a token whose payload was changed after signing as bad_signature', async () => {
    const issued = await issueToken('dev@example.com', SECRET, 900);
    const [header, , signature] = issued.access_token.split('.');
    const forged = `${header}.${base64url(claims({ permissions: ['admin'] }))}.${signature}`;
    expect(await verifyToken(forged, SECRET)).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('rejects an unsigned `alg: none` token', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`;
    const verdict = await verifyToken(token, SECRET);
    expect(verdict).toMatchObject({ valid: false, user_id: null, permissions: [], reason: 'algorithm_not_allowed' });
  });

  it('rejects an HS512 token signed with the right secret as algorithm_not_allowed', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(key(SECRET.repeat(2)));
    expect(await verifyToken(token, SECRET.repeat(2))).toMatchObject({ valid: false, reason: 'algorithm_not_allowed' });
  });

  it('rejects an RS256 token as algorithm_not_allowed', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await verifyToken(token, SECRET)).toMatchObject({ valid: false, reason: 'algorithm_not_allowed' });
  });

  it.each([
    ['another issuer', { iss: 'someone-else' }],
    ['another audience', { aud: 'another-app' }],
  ])('rejects a correctly signed token from %s as claims_invalid', async (_name, overrides) => {
    const token = await new SignJWT(claims(overrides)).setProtectedHeader({ alg: 'HS256' }).sign(key(SECRET));
    expect(await verifyToken(token, SECRET)).toMatchObject({ valid: false, reason: 'claims_invalid' });
  });

  it.each([
    ['no subject', { sub: undefined }],
    ['no expiry (a token that would never expire)', { exp: undefined }],
  ])('rejects a correctly signed token with %s as claims_invalid', async (_name, overrides) => {
    const token = await new SignJWT(claims(overrides)).setProtectedHeader({ alg: 'HS256' }).sign(key(SECRET));
    expect(await verifyToken(token, SECRET)).toMatchObject({ valid: false, reason: 'claims_invalid' });
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a token'],
    ['three dots of nothing', '..'],
    ['base64 garbage', 'eyJhbGciOi.eyJzdWIi.c2ln'],
    ['a header that is not JSON', `${Buffer.from('{nope').toString('base64url')}.${base64url(claims())}.sig`],
  ])('rejects %s as malformed', async (_name, token) => {
    expect(await verifyToken(token, SECRET)).toMatchObject({ valid: false, user_id: null, permissions: [], reason: 'malformed' });
  });

  it('keeps only string permissions from a signed token', async () => {
    const token = await new SignJWT(claims({ permissions: ['profile:read', 7, null] })).setProtectedHeader({ alg: 'HS256' }).sign(key(SECRET));
    expect(await verifyToken(token, SECRET)).toMatchObject({ valid: true, permissions: ['profile:read'] });
  });
});

describe('userIdFor', () => {
  it('is stable, shaped like a UUID, and the same whatever the e-mail\'s case or surrounding spaces', () => {
    const id = userIdFor('dev@example.com');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(userIdFor('dev@example.com')).toBe(id);
    expect(userIdFor('DEV@Example.COM')).toBe(id);
    expect(userIdFor('  dev@example.com ')).toBe(id);
  });

  it('differs between e-mails', () => {
    expect(userIdFor('a@example.com')).not.toBe(userIdFor('b@example.com'));
  });
});
