// Bytes seen in log output, most common first (English words, JSON, URLs, timestamps, ANSI colours). A byte not listed is rarer
// than all of them; a byte of a multi-byte character counts as fairly common.
const COMMON_BYTES = ' \netaoinsrlhdcu"0123456789:,-_.=/mpfgbywvk{}[]TZ\u001b;EIASRNOCDLM\tPUHG()x\'jqz+#@!?&%$*<>|~^`\\\r';
const UNLISTED = COMMON_BYTES.length + 1;
const MULTI_BYTE = Math.floor(COMMON_BYTES.length / 2);

// Finds the pattern at or after from in haystack, bytes read as latin1 (one character per byte: positions are byte offsets); -1
// when absent.
export type ByteFinder = (haystack: string, from: number) => number;

// Why: a string's indexOf finds a pattern fast while its first character is rare in the text, and slows down a lot when that
// character is everywhere (a secret starting with 'p' in JSON full of "pid"). So the search starts at the pattern's rarest byte:
// what follows it is looked for, and each candidate is checked against what precedes it. Bytes are searched as a latin1 string
// rather than a Buffer: the string's indexOf costs far less per call, and a chunk read as latin1 is also what its lines are
// indexed on.
export function createByteFinder(pattern: Buffer): ByteFinder {
  const anchor = rarestByteAt(pattern);
  const whole = pattern.toString('latin1');
  if (anchor === 0) return (haystack, from) => haystack.indexOf(whole, from);
  const prefix = whole.slice(0, anchor);
  const suffix = whole.slice(anchor);
  return (haystack, from) => {
    for (let found = haystack.indexOf(suffix, from + anchor); found !== -1; found = haystack.indexOf(suffix, found + 1)) {
      if (haystack.startsWith(prefix, found - anchor)) return found - anchor;
    }
    return -1;
  };
}

// Why: the search anchor: the position of the pattern's rarest byte (the first of equals, so that the most is searched natively).
export function rarestByteAt(pattern: Uint8Array): number {
  let best = 0;
  let bestRarity = -1;
  for (let index = 0; index < pattern.length; index++) {
    const byte = pattern[index] as number;
    const listed = byte < 0x80 ? COMMON_BYTES.indexOf(String.fromCharCode(byte)) : MULTI_BYTE;
    const rarity = listed === -1 ? UNLISTED : listed;
    if (rarity > bestRarity) {
      best = index;
      bestRarity = rarity;
    }
  }
  return best;
}
