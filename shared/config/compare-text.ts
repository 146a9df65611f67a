// Printable ASCII in the order of Unicode's root collation (CLDR), which `localeCompare` applies in every English locale:
// spaces and punctuation, symbols, digits, then letters, a letter's two cases sharing one place.
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

// Each printable ASCII character's place in ROOT_ORDER (its primary weight); -1 outside it.
const PRIMARY = new Int8Array(128).fill(-1);
for (let place = 0; place < ROOT_ORDER.length; place++) {
  const character = ROOT_ORDER[place] as string;
  PRIMARY[character.charCodeAt(0)] = place;
  PRIMARY[character.toUpperCase().charCodeAt(0)] = place;
}

let englishCollation: boolean | undefined;

// Why: sorting file names and findings with `localeCompare` made its first call build ICU's collator, ~10 ms of every
// `check`. For printable ASCII in an English default locale (what `localeCompare` then applies is the root collation) the
// same answer is computed here; any other text, or any other locale (Danish sorts "aa" after "z"), asks localeCompare.
export function compareText(a: string, b: string): number {
  englishCollation ??= /^en(-|$)/.test(globalThis.navigator?.language ?? '');
  if (!englishCollation || !isPrintableAscii(a) || !isPrintableAscii(b)) return a.localeCompare(b);
  const length = Math.min(a.length, b.length);
  // First level: the characters' places, case aside; a text that is the start of the other comes first.
  for (let index = 0; index < length; index++) {
    const difference = (PRIMARY[a.charCodeAt(index)] as number) - (PRIMARY[b.charCodeAt(index)] as number);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  // Third level (ASCII has no accents for the second): the first letter whose case differs, lower case first.
  for (let index = 0; index < length; index++) {
    const [left, right] = [a.charCodeAt(index), b.charCodeAt(index)];
    if (left !== right) return left > right ? -1 : 1;
  }
  return 0;
}

function isPrintableAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}
