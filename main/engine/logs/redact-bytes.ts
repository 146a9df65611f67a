import { createByteFinder, type ByteFinder } from './find-bytes.ts';

let scratch = Buffer.allocUnsafeSlow(64 * 1024);

// Masks secrets in UTF-8 bytes, searched in asLatin1 (the same bytes read as latin1); returns bytes itself when no secret is in
// them, else a view valid until the next call. Given shifts, it empties it and then says where the masks moved what follows
// them: pairs (the offset in bytes just after a masked value, the mask's length minus the value's), a pair for each mask that
// changes the length. So the masked bytes' lines can be found in asLatin1 (a secret never holds a newline) without reading
// the masked bytes again.
export type ByteRedactor = (bytes: Buffer, asLatin1: string, shifts?: number[]) => Buffer;

// Why: a flood of log output is searched for secrets in its own bytes, so a chunk without one is never decoded to text and
// encoded back, and a chunk with one is patched in place of the values. It masks exactly what the string redactor masks in the
// decoded text (leftmost first; where several start, the first of `needles`, which are sorted longest first) for valid UTF-8:
// UTF-8 is self-synchronising, so a needle's bytes match only where its characters do. A needle that is not well-formed UTF-16
// (a lone surrogate) never occurs in decoded text and is not looked for.
export function createByteRedactor(needles: readonly string[], mask: string): ByteRedactor {
  const maskBytes = Buffer.from(mask);
  const patterns = needles.filter((needle) => needle.length > 0 && isWellFormedText(needle)).map((needle) => Buffer.from(needle));
  if (patterns.length === 0) return (bytes) => bytes;
  const finders = patterns.map(createByteFinder);
  const next = new Array<number>(patterns.length).fill(-1);
  return (bytes, asLatin1, shifts) => {
    if (shifts) shifts.length = 0;
    let found = false;
    for (let index = 0; index < patterns.length; index++) {
      next[index] = (finders[index] as ByteFinder)(asLatin1, 0);
      if (next[index] !== -1) found = true;
    }
    return found ? patchMatches(bytes, asLatin1, patterns, finders, next, maskBytes, shifts) : bytes;
  };
}

// Why: text with a lone surrogate (half a character) changes when encoded to UTF-8; decoded output never holds one.
export function isWellFormedText(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

// Copies bytes with each match replaced by mask; next holds each pattern's first match (or -1) and is used up.
function patchMatches(bytes: Buffer, asLatin1: string, patterns: readonly Buffer[], finders: readonly ByteFinder[], next: number[], mask: Buffer, shifts: number[] | undefined): Buffer {
  // A mask may be longer than a short pattern: room for the worst case. Pieces are copied with the typed array's set (a
  // builtin), far cheaper per call than Buffer's copy.
  if (bytes.length * mask.length > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(bytes.length * mask.length, scratch.length * 2));
  let written = 0;
  let copied = 0;
  for (;;) {
    let winner = -1;
    for (let index = 0; index < patterns.length; index++) {
      const at = next[index] as number;
      if (at !== -1 && (winner === -1 || at < (next[winner] as number))) winner = index;
    }
    if (winner === -1) break;
    const at = next[winner] as number;
    scratch.set(bytes.subarray(copied, at), written);
    written += at - copied;
    scratch.set(mask, written);
    written += mask.length;
    copied = at + (patterns[winner] as Buffer).length;
    if (shifts && mask.length !== (patterns[winner] as Buffer).length) shifts.push(copied, mask.length - (patterns[winner] as Buffer).length);
    // Matches that began inside the masked one are searched again after it.
    for (let index = 0; index < patterns.length; index++) {
      if ((next[index] as number) !== -1 && (next[index] as number) < copied) next[index] = (finders[index] as ByteFinder)(asLatin1, copied);
    }
  }
  scratch.set(bytes.subarray(copied), written);
  return scratch.subarray(0, written + bytes.length - copied);
}
