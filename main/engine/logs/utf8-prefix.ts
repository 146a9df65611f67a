// Code units of UTF-16 take at most 3 bytes each in UTF-8 (a surrogate pair, two units, takes 4).
const MAX_UTF8_BYTES_PER_UNIT = 3;

// Why: a line of at most this many UTF-16 units is within maxBytes for sure, so most lines never need their bytes counted.
export function safeLineChars(maxBytes: number): number {
  return Math.floor(maxBytes / MAX_UTF8_BYTES_PER_UNIT);
}

// Why: long lines are cut where their UTF-8 form reaches maxBytes, never inside a character.
export function utf8PrefixEnd(text: string, start: number, limit: number, maxBytes: number): number {
  // The end of the longest prefix of text[start, limit) within maxBytes; at least one character, so a cutting loop always advances.
  let bytes = 0;
  let index = start;
  while (index < limit) {
    const unit = text.charCodeAt(index);
    let size = 3;
    let units = 1;
    if (unit < 0x80) size = 1;
    else if (unit < 0x800) size = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < limit) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        size = 4;
        units = 2;
      }
    }
    if (bytes + size > maxBytes) return index === start ? index + units : index;
    bytes += size;
    index += units;
  }
  return limit;
}
