import { createHash } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

export const ISSUER = 'stackdeck-auth';
export const AUDIENCE = 'stackdeck';
export const DEV_PERMISSIONS = ['profile:read', 'agents:run'];

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  user: { id: string; email: string };
}

export type TokenVerdict =
  | { valid: true; user_id: string; email: string; permissions: string[]; expires_at: string }
  | { valid: false; user_id: null; permissions: []; reason: 'expired' | 'bad_signature' | 'algorithm_not_allowed' | 'claims_invalid' | 'malformed' };

// A stable id per email, so the same developer is the same user across restarts.
export function userIdFor(email: string): string {
  const hex = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// HS256 through jose: no hand-made crypto.
export async function issueToken(email: string, secret: string, ttlSeconds: number): Promise<IssuedToken> {
  const id = userIdFor(email);
  const token = await new SignJWT({ email, permissions: DEV_PERMISSIONS })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
  return { access_token: token, token_type: 'bearer', expires_in: ttlSeconds, user: { id, email } };
}

// Only HS256 is accepted: `alg: none` and every other algorithm are refused before any signature is looked at.
export async function verifyToken(token: string, secret: string): Promise<TokenVerdict> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
    const permissions = Array.isArray(payload.permissions) ? payload.permissions.filter((p): p is string => typeof p === 'string') : [];
    if (!payload.sub || typeof payload.exp !== 'number') return invalid('claims_invalid');
    return { valid: true, user_id: payload.sub, email: String(payload.email ?? ''), permissions, expires_at: new Date(payload.exp * 1000).toISOString() };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return invalid('expired');
    if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('bad_signature');
    if (error instanceof errors.JOSEAlgNotAllowed) return invalid('algorithm_not_allowed');
    if (error instanceof errors.JWTClaimValidationFailed) return invalid('claims_invalid');
    return invalid('malformed');
  }
}

function invalid(reason: Extract<TokenVerdict, { valid: false }>['reason']): TokenVerdict {
  return { valid: false, user_id: null, permissions: [], reason };
}
