import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createByteRedactor, isWellFormedText } from './redact-bytes.ts';
import { createRedactor, REDACTED, secretNeedles } from './redact-secrets.ts';

// Text and secrets built from a few characters (so secrets overlap, nest and repeat) and any others, of every UTF-8 length.
const character = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'é', '€', '😀', '\u001b[', '=', ' '), fc.string({ unit: 'grapheme', maxLength: 2 }));
const text = fc.array(character, { maxLength: 40 }).map((parts) => parts.join(''));
const secret = fc.oneof(fc.array(character, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }));

// Redacts bytes as the splitter does: searched in their latin1 reading.
const redactWith = (needles: string[], bytes: Buffer) => createByteRedactor(needles, REDACTED)(bytes, bytes.toString('latin1'));

describe('createByteRedactor', () => {
  it('masks in UTF-8 bytes exactly what the string redactor masks in the decoded text (fast-check)', () => {
    let masked = 0;
    // Secrets taken from the text itself (so most runs mask something) and random ones; short ones are not looked for.
    const cut = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 }));
    fc.assert(fc.property(text, fc.array(cut, { maxLength: 3 }), fc.array(secret, { maxLength: 2 }), fc.nat({ max: 6 }), (raw, cuts, others, minLength) => {
      // Cut between characters: a value that is half a character is not a secret a program prints (see the last test).
      const characters = [...raw];
      const taken = cuts.map(([start, length]) => characters.slice(start % (characters.length + 1), (start % (characters.length + 1)) + length).join(''));
      const secrets = [...taken, ...others.filter(isWellFormedText)];
      // What a chunk decodes to: well-formed text (a lone surrogate in raw becomes U+FFFD, as a decoder gives it).
      const bytes = Buffer.from(raw);
      const decoded = bytes.toString('utf8');
      const expected = Buffer.from(createRedactor(secrets, { minLength }).redact(decoded));
      const redacted = redactWith(secretNeedles(secrets, minLength), bytes);
      expect(redacted.toString('utf8')).toBe(expected.toString('utf8'));
      expect(Buffer.compare(redacted, expected)).toBe(0);
      if (redacted !== bytes) masked++;
    }), { numRuns: 2000 });
    // The patching way was taken often, not only the nothing-found one.
    expect(masked).toBeGreaterThan(200);
  });

  it('gives its argument itself when no secret is in it, and a patched copy otherwise', () => {
    const plain = Buffer.from('nothing to see\n');
    expect(redactWith(['s3cr3t-token', 'hunter22'], plain)).toBe(plain);
    const withSecrets = Buffer.from('token=s3cr3t-token pw=hunter22 again s3cr3t-token\n');
    expect(redactWith(['s3cr3t-token', 'hunter22'], withSecrets).toString()).toBe('token=*** pw=*** again ***\n');
    expect(withSecrets.toString()).toBe('token=s3cr3t-token pw=hunter22 again s3cr3t-token\n');
  });

  it('masks a secret that contains another whole, and overlapping ones leftmost first', () => {
    expect(redactWith(['password-and-more', 'password'], Buffer.from('x password-and-more y password z')).toString()).toBe('x *** y *** z');
    expect(redactWith(['abcabc', 'cabx'], Buffer.from('abcabcabx')).toString()).toBe('***abx');
  });

  it('masks multi-byte secrets and grows its buffer for a mask longer than many short secrets', () => {
    expect(redactWith(['clé-secrète-ü'], Buffer.from('\u001b[31mclé-secrète-ü\u001b[39m ✓')).toString()).toBe('\u001b[31m***\u001b[39m ✓');
    const many = Buffer.alloc(200_000, 'q');
    expect(redactWith(['q'], many).length).toBe(600_000);
  });

  it('tells well-formed text from text with half a character', () => {
    expect(isWellFormedText('clé 😀')).toBe(true);
    expect(isWellFormedText('ab\ud800cd')).toBe(false);
    expect(isWellFormedText('\udc00')).toBe(false);
  });

  it('never looks for a value that is not well-formed text (half a character): valid UTF-8 cannot hold it', () => {
    // The one difference from the string redactor, whose pattern can match half of a surrogate pair and leave the other half.
    const loneSurrogate = 'ab\ud800cd';
    const bytes = Buffer.from(loneSurrogate);
    expect(redactWith([loneSurrogate], bytes)).toBe(bytes);
    const astral = Buffer.from('x\u{10000}y');
    expect(redactWith(['\ud800'], astral)).toBe(astral);
  });
  it('says where its masks moved the bytes: each newline of the masked bytes is an unmasked one moved by the shifts before it (fast-check)', () => {
    let shifted = 0;
    const lines = fc.array(text.map((line) => line.replaceAll('\n', '')), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(lines, fc.array(secret, { minLength: 1, maxLength: 3 }), fc.constantFrom(REDACTED, 'x', '[a much longer mask]'), (parts, secrets, mask) => {
      // Secrets that occur: some taken from the lines themselves.
      const needles = secretNeedles([...secrets, ...parts.filter((part) => part.length > 3).map((part) => part.slice(1, -1))], 1).filter(isWellFormedText);
      const bytes = Buffer.from(parts.map((part) => `${part}\n`).join(''));
      const asLatin1 = bytes.toString('latin1');
      const shifts: number[] = [999, 999];
      const masked = createByteRedactor(needles, mask)(bytes, asLatin1, shifts);
      if (masked === bytes) return;
      if (shifts.length > 0) shifted++;
      const newlinesOf = (reading: string) => [...reading.matchAll(/\n/g)].map((match) => match.index);
      const moved = newlinesOf(asLatin1).map((at) => at + shiftsBefore(shifts, at));
      expect(moved).toEqual(newlinesOf(masked.toString('latin1')));
    }), { numRuns: 1000 });
    expect(shifted).toBeGreaterThan(100);
  });

  it('gives no shift for a mask as long as the value, and empties the shifts it is given when nothing is masked', () => {
    const shifts = [1, 2];
    const plain = Buffer.from('nothing here\n');
    expect(createByteRedactor(['abc'], '***')(plain, plain.toString('latin1'), shifts)).toBe(plain);
    expect(shifts).toEqual([]);
    const same = Buffer.from('x abc y\n');
    expect(createByteRedactor(['abc'], '***')(same, same.toString('latin1'), shifts).toString()).toBe('x *** y\n');
    expect(shifts).toEqual([]);
    const longer = Buffer.from('x abcdef y abcdef\n');
    expect(createByteRedactor(['abcdef'], '***')(longer, longer.toString('latin1'), shifts).toString()).toBe('x *** y ***\n');
    expect(shifts).toEqual([8, -3, 17, -3]);
  });
});

// The sum of the shifts whose masks end at or before offset (in the unmasked bytes).
function shiftsBefore(shifts: readonly number[], offset: number): number {
  let sum = 0;
  for (let index = 0; index < shifts.length; index += 2) if ((shifts[index] as number) <= offset) sum += shifts[index + 1] as number;
  return sum;
}
