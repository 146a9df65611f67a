import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VariableDeclarationSchema } from '../../../shared/config/schema-file/variables-file.ts';
import { guessType } from './guess-type.ts';

describe('guessType', () => {
  it('reads the type from example values, the name deciding ports and 0/1 flags', () => {
    expect(guessType('PORT', [])).toEqual({ type: 'port' });
    expect(guessType('SMTP_PORT', ['587'])).toEqual({ type: 'port' });
    expect(guessType('SUPPORT', ['x'])).toEqual({ type: 'string' });
    expect(guessType('WORKERS', ['4', '8'])).toEqual({ type: 'integer' });
    expect(guessType('RATIO', ['0.5', '2'])).toEqual({ type: 'number' });
    expect(guessType('DEBUG', ['1'])).toEqual({ type: 'boolean' });
    expect(guessType('RETRIES', ['1'])).toEqual({ type: 'integer' });
    expect(guessType('FEATURE_X', ['True', 'off'])).toEqual({ type: 'boolean' });
    expect(guessType('API_URL', ['http://localhost:4000', 'https://api.example.com'])).toEqual({ type: 'url', schemes: ['http', 'https'] });
    expect(guessType('DATABASE_URL', ['postgresql+asyncpg://u@h/db'])).toEqual({ type: 'url', schemes: ['postgresql+asyncpg'] });
    expect(guessType('ADMIN_EMAIL', ['admin@example.com'])).toEqual({ type: 'email' });
    expect(guessType('FLAGS', ['{"a":1}'])).toEqual({ type: 'json' });
    expect(guessType('MIXED', ['4', 'four'])).toEqual({ type: 'string' });
  });

  it('learns nothing from placeholders, empty values and interpolations', () => {
    expect(guessType('SECRET_KEY', ['change-me', '', '<your key>', 'your-secret-here'])).toEqual({ type: 'string' });
    expect(guessType('WORKERS', ['${WORKERS}', '4'])).toEqual({ type: 'integer' });
  });

  it('every guess is a valid declaration that accepts the values it was guessed from (fast-check)', () => {
    const values = fc.oneof(
      fc.integer({ min: -1_000, max: 70_000 }).map(String),
      fc.constantFrom('true', 'false', 'yes', 'off', '0', '1'),
      fc.webUrl(),
      fc.emailAddress(),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => n.toFixed(3)),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(fc.property(fc.constantFrom('PORT', 'DEBUG', 'VALUE', 'API_URL'), fc.array(values, { maxLength: 4 }), (key, examples) => {
      const guess = guessType(key, examples);
      expect(VariableDeclarationSchema.safeParse(guess).success).toBe(true);
      // Every value it learnt from is of the guessed kind.
      for (const value of examples.map((example) => example.trim()).filter((example) => example !== '' && !example.includes('${'))) {
        if (guess.type === 'integer' || guess.type === 'port') expect(value).toMatch(/^-?\d+$/);
        if (guess.type === 'number') expect(Number.isFinite(Number(value))).toBe(true);
        if (guess.type === 'url') expect(guess.schemes).toContain(new URL(value).protocol.slice(0, -1));
      }
    }), { numRuns: 80 });
  });
});
