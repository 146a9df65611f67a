import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT, exportSPKI, generateKeyPair, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceHeaders } from '../../services/common/service-credentials.ts';
import { AUDIENCE, ISSUER } from '../../services/auth/tokens.ts';
import { TEST_SECRETS, post } from '../../services/testing/spawn-service.ts';
import { healthStatuses, startServicePair, type ServicePair } from '../input/support/service-pair.ts';

// Forged, expired and malformed JWTs against the real auth process (POST /auth/validate) and through the real
// backend (GET /api/me). Auth signs HS256 with iss "stackdeck-auth" and aud "stackdeck", and checks both.
let pair: ServicePair;
const SECRET = new TextEncoder().encode(TEST_SECRETS.JWT_SECRET_KEY);
const OTHER_SECRET = new TextEncoder().encode('another-secret-that-is-also-long-enough-for-hs256');
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  pair = await startServicePair();
});

afterAll(async () => {
  await pair.stop();
});

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function claims(overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'forged-user', email: 'mallory@example.com', permissions: ['admin'], iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 3600, ...overrides };
}

// A token signed with the stack's real secret: whatever is wrong with it is only what `payload` or `alg` says.
function signed(payload: JWTPayload, alg = 'HS256', key: Uint8Array = SECRET, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(key);
}

// Header and payload of our own choosing, HMAC-SHA256-signed with `key` over exactly those bytes, whatever the header claims.
function handSigned(header: object, payload: object | string, key: Uint8Array = SECRET): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const without = (key: keyof JWTPayload): JWTPayload => Object.fromEntries(Object.entries(claims()).filter(([name]) => name !== key));

async function forgedTokens(): Promise<[string, string, string][]> {
  const good = await signed(claims());
  const [goodHeader, goodPayload, goodSignature] = good.split('.');
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const rsaPublicPem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
  const rows: [string, string | Promise<string>, string][] = [
    ['alg none (jose UnsecuredJWT)', new UnsecuredJWT(claims()).encode(), 'algorithm_not_allowed'],
    ['alg none with the real signature kept', `${b64({ alg: 'none', typ: 'JWT' })}.${goodPayload}.${goodSignature}`, 'algorithm_not_allowed'],
    ['alg "None"', `${b64({ alg: 'None', typ: 'JWT' })}.${goodPayload}.`, 'algorithm_not_allowed'],
    ['alg "NONE"', `${b64({ alg: 'NONE', typ: 'JWT' })}.${goodPayload}.`, 'algorithm_not_allowed'],
    ['expired 10 s ago', signed(claims({ exp: now() - 10 })), 'expired'],
    ['expired in 1970', signed(claims({ exp: 1, iat: 0 })), 'expired'],
    ['not valid before next hour (nbf)', signed(claims({ nbf: now() + 3600 })), 'claims_invalid'],
    ['signed with another secret', signed(claims(), 'HS256', OTHER_SECRET), 'bad_signature'],
    ['payload changed after signing (permissions)', `${goodHeader}.${b64(claims({ permissions: ['root'] }))}.${goodSignature}`, 'bad_signature'],
    ['signature of another token', `${goodHeader}.${b64(claims({ sub: 'someone-else' }))}.${goodSignature}`, 'bad_signature'],
    ['an empty signature', `${goodHeader}.${goodPayload}.`, 'bad_signature'],
    ['the signature cut short', `${goodHeader}.${goodPayload}.${goodSignature?.slice(0, 20)}`, 'bad_signature'],
    ['wrong issuer', signed(claims({ iss: 'someone-else' })), 'claims_invalid'],
    ['no issuer', signed(without('iss')), 'claims_invalid'],
    ['wrong audience', signed(claims({ aud: 'other-app' })), 'claims_invalid'],
    ['no audience', signed(without('aud')), 'claims_invalid'],
    ['an audience list without ours', signed(claims({ aud: ['other-app', 'stackdeck-admin'] })), 'claims_invalid'],
    ['no subject', signed(without('sub')), 'claims_invalid'],
    ['no expiry', signed(without('exp')), 'claims_invalid'],
    ['a string expiry', handSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims(), exp: 'never' }), 'claims_invalid'],
    ['HS512 with the real secret', signed(claims(), 'HS512'), 'algorithm_not_allowed'],
    ['HS384 with the real secret', signed(claims(), 'HS384'), 'algorithm_not_allowed'],
    ['RS256 with an attacker key pair', new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey), 'algorithm_not_allowed'],
    ['ES256 with an attacker key pair', new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey), 'algorithm_not_allowed'],
    ['header RS256, HMAC-signed with the real secret', handSigned({ alg: 'RS256', typ: 'JWT' }, claims()), 'algorithm_not_allowed'],
    ['HS256 keyed with an RSA public key (key confusion)', signed(claims(), 'HS256', rsaPublicPem), 'bad_signature'],
    ['an embedded attacker jwk', signed(claims(), 'HS256', OTHER_SECRET, { jwk: { kty: 'oct', k: b64('another-secret-that-is-also-long-enough-for-hs256') } }), 'bad_signature'],
    ['a jku pointing elsewhere', signed(claims(), 'HS256', OTHER_SECRET, { jku: 'https://evil.example/jwks.json', kid: 'evil' }), 'bad_signature'],
    ['an unknown critical header', handSigned({ alg: 'HS256', crit: ['x-evil'], 'x-evil': true }, claims()), 'malformed'],
    ['unencoded payload (b64: false)', handSigned({ alg: 'HS256', b64: false, crit: ['b64'] }, claims()), 'malformed'],
    ['a payload that is not JSON, validly signed', handSigned({ alg: 'HS256' }, 'not json'), 'malformed'],
    ['a header that is not an object, validly signed', `${b64('"HS256"')}.${goodPayload}.${createHmac('sha256', SECRET).update(`${b64('"HS256"')}.${goodPayload}`).digest('base64url')}`, 'malformed'],
    ['a header that is not JSON', `${b64('not json')}.${goodPayload}.${goodSignature}`, 'malformed'],
    ['two parts', `${goodHeader}.${goodPayload}`, 'malformed'],
    ['four parts', `${good}.extra`, 'malformed'],
    ['five parts (JWE shape)', `${goodHeader}.a.b.c.d`, 'malformed'],
    ['not base64url', `${goodHeader}.${goodPayload}.!!!`, 'malformed'],
    ['not a JWT at all', 'not-a-jwt', 'malformed'],
    ['the service secret', TEST_SECRETS.SERVICE_SECRET, 'malformed'],
  ];
  return Promise.all(rows.map(async ([what, token, reason]) => [what, await token, reason] as [string, string, string]));
}

describe('JWT validation by the real auth and backend', () => {
  it('accepts a token the test signs correctly (positive control), via /auth/validate and /api/me', async () => {
    const token = await signed(claims());
    const verdict = await post(`${pair.auth.url}/auth/validate`, { token }, serviceHeaders('backend', TEST_SECRETS.SERVICE_SECRET));
    expect(verdict).toMatchObject({ status: 200, body: { valid: true, user_id: 'forged-user' } });
    const me = await fetch(`${pair.backend.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('rejects every forged, expired, foreign and malformed token with its reason, in auth and through the backend', async () => {
    const tokens = await forgedTokens();
    const reasons = new Map<string, number>();
    for (const [what, token, reason] of tokens) {
      const verdict = await post(`${pair.auth.url}/auth/validate`, { token }, serviceHeaders('backend', TEST_SECRETS.SERVICE_SECRET));
      expect(verdict, what).toEqual({ status: 200, body: { valid: false, user_id: null, permissions: [], reason } });
      const me = await fetch(`${pair.backend.url}/api/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
      expect(me.status, what).toBe(401);
      expect(await me.json(), what).toEqual({ error: 'invalid_token', message: `the token was refused (${reason})` });
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect(await healthStatuses(pair)).toEqual([200, 200]);
    console.log(`[reliability] JWT: ${tokens.length} bad tokens, ${tokens.length} rejected by auth /auth/validate (valid:false), ${tokens.length} rejected by backend /api/me (401), ` +
      `reasons ${[...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ')}; a correctly signed token accepted (control); both /health 200 after`);
  });
});
