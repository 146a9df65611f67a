import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
// 32 random bytes in base64url are 43 characters; a caller-supplied token must be at least as strong.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43,512}$/;

// Why: the browser-mode server's only secret; 256 random bits no local page or process can guess.
export function createToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

// Why: a token given by a caller (a restarted server keeping its open pages) must be as strong as one we make.
export function isStrongToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

// Why: comparing digests with timingSafeEqual leaks neither the token's characters nor its length through timing.
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
