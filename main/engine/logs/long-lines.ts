import { safeLineChars, utf8PrefixEnd } from './utf8-prefix.ts';

const NEWLINE = 0x0a;

// Why: the splitter's fast path checks a block for long lines in a handful of indexOf calls, not one per line.
export function hasNoLongLine(block: string | Uint8Array, safeLength: number): boolean {
  // True means every line of the block (characters of a string, bytes of a buffer) is at most safeLength long; false means
  // "look closer" (cutLongLines does). Any run of more than safeLength units without '\n' covers a whole aligned window of this size.
  const window = Math.max(1, Math.floor((safeLength + 1) / 2));
  for (let start = 0; start + window <= block.length;) {
    const newline = typeof block === 'string' ? block.indexOf('\n', start) : block.indexOf(NEWLINE, start);
    if (newline === -1 || newline >= start + window) return false;
    start = (Math.floor(newline / window) + 1) * window;
  }
  return true;
}

// Why: a line longer than maxBytes (a minified bundle, a base64 blob) is shown and stored as pieces, each a line of its own.
export function cutLongLines(block: string, maxBytes: number): string {
  // The block holds lines that each end in '\n'; pieces are the longest prefixes that fit, cut between characters.
  const safeChars = safeLineChars(maxBytes);
  const parts: string[] = [];
  let runStart = 0;
  for (let lineStart = 0; lineStart < block.length;) {
    let newline = block.indexOf('\n', lineStart);
    if (newline === -1) newline = block.length;
    if (newline - lineStart > safeChars) {
      let end = utf8PrefixEnd(block, lineStart, newline, maxBytes);
      if (end < newline) {
        parts.push(block.slice(runStart, lineStart));
        let start = lineStart;
        while (end < newline) {
          parts.push(block.slice(start, end), '\n');
          start = end;
          end = utf8PrefixEnd(block, start, newline, maxBytes);
        }
        runStart = start;
      }
    }
    lineStart = newline + 1;
  }
  if (runStart === 0) return block;
  parts.push(block.slice(runStart));
  return parts.join('');
}
