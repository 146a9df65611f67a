import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, escapeRegExp, REDACTED, secretNeedles } from './redact-secrets.ts';

describe('createRedactor', () => {
  it('replaces every occurrence of every secret value', () => {
    const redactor = createRedactor(['s3cr3t-token', 'hunter22']);
    expect(redactor.redact('token=s3cr3t-token pw=hunter22 again s3cr3t-token')).toBe('token=*** pw=*** again ***');
  });

  it('ignores values shorter than 6 characters, which would blank ordinary words', () => {
    const redactor = createRedactor(['dev', '5432', 'true', 'abcdef']);
    expect(redactor.size).toBe(1);
    expect(redactor.redact('dev on 5432 is true, abcdef')).toBe('dev on 5432 is true, ***');
  });

  it('prefers the longest secret when one contains another', () => {
    const redactor = createRedactor(['password', 'password-and-more']);
    expect(redactor.redact('x password-and-more y password z')).toBe('x *** y *** z');
  });

  it('matches values full of regular-expression characters literally', () => {
    const secret = 'a.b*c+d?e^f$g(h)i[j]k{l}m|n\\o/p-q';
    const redactor = createRedactor([secret]);
    expect(redactor.redact(`before ${secret} after aXbXc`)).toBe('before *** after aXbXc');
  });

  it('keeps ANSI codes and unicode around a secret', () => {
    const redactor = createRedactor(['clé-secrète-ü']);
    expect(redactor.redact('\u001b[31mclé-secrète-ü\u001b[39m ✓')).toBe('\u001b[31m***\u001b[39m ✓');
  });

  it('looks for a multi-line secret line by line', () => {
    const pem = '-----BEGIN KEY-----\r\nMIIBOgIBAAJBAKj34GkxFhD9\nshort\n-----END KEY-----';
    expect(secretNeedles([pem])).toEqual(['MIIBOgIBAAJBAKj34GkxFhD9', '-----BEGIN KEY-----', '-----END KEY-----']);
    expect(createRedactor([pem]).redact('key: MIIBOgIBAAJBAKj34GkxFhD9\n')).toBe('key: ***\n');
  });

  it('returns text untouched when there is nothing to look for', () => {
    const redactor = createRedactor([]);
    expect(redactor.size).toBe(0);
    expect(redactor.redact('anything')).toBe('anything');
  });

  it('is rebuilt from new values: the old ones are no longer redacted', () => {
    expect(createRedactor(['old-secret']).redact('old-secret new-secret')).toBe('*** new-secret');
    expect(createRedactor(['new-secret']).redact('old-secret new-secret')).toBe('old-secret ***');
  });

  it('never leaves a secret in the output and changes nothing else (fast-check)', () => {
    const secret = fc.string({ minLength: 6, maxLength: 20 }).filter((value) => !value.includes('\n') && !value.includes('\r') && !value.includes('*'));
    fc.assert(fc.property(fc.uniqueArray(secret, { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.nat(3))), (secrets, parts) => {
      const pieces = parts.map((part) => (typeof part === 'number' ? secrets[part % secrets.length] ?? '' : part));
      const text = pieces.join('');
      const redacted = createRedactor(secrets).redact(text);
      for (const value of secrets) expect(redacted.includes(value)).toBe(false);
      expect(redacted).toBe(referenceRedact(text, secrets));
    }));
  });

  it('escapes so that the pattern matches exactly the value (fast-check)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), (value) => {
      expect(new RegExp(`^${escapeRegExp(value)}$`).test(value)).toBe(true);
    }));
  });
});

// Left to right, at each position the longest secret that starts there; otherwise keep one character.
function referenceRedact(text: string, secrets: string[]): string {
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  let out = '';
  for (let index = 0; index < text.length;) {
    const match = sorted.find((secret) => text.startsWith(secret, index));
    if (match) {
      out += REDACTED;
      index += match.length;
    } else out += text[index++];
  }
  return out;
}
