let scratch = Buffer.allocUnsafeSlow(256 * 1024);

// Why: a block is encoded once, into a reused buffer the ring and the log file copy from: no Buffer allocated per chunk.
export function encodeUtf8(text: string): Buffer {
  // The returned view is valid until the next call.
  // Three bytes per UTF-16 unit at most.
  if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(text.length * 3, scratch.length * 2));
  return scratch.subarray(0, scratch.write(text, 0, 'utf8'));
}
