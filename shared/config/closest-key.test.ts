import { describe, expect, it } from 'vitest';
import { closestKey } from './closest-key.ts';

const declared = ['POSTGRES_HOST', 'POSTGRES_PORT', 'JWT_SECRET_KEY', 'REDIS_URL'];

describe('closestKey', () => {
  it('names the key a typo meant', () => {
    expect(closestKey('POSTGRE_HOST', declared)).toBe('POSTGRES_HOST');
    expect(closestKey('jwt_secret_key', declared)).toBe('JWT_SECRET_KEY');
    expect(closestKey('REDIS_URI', declared)).toBe('REDIS_URL');
  });

  it('suggests nothing when no key is close', () => {
    expect(closestKey('STRIPE_WEBHOOK', declared)).toBeUndefined();
    expect(closestKey('X', [])).toBeUndefined();
  });
});
