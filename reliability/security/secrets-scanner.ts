import type { KnownSecrets, SecretName } from './secrets-known.ts';

// A piece of a secret shorter than this is not evidence (it could be chance); 12 characters of ours are.
export const PARTIAL_CHARS = 12;
// Bearer tokens (HS256 JWTs) are credentials too, though no config file holds them: one in any output is a leak.
const JWT_SHAPE = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}/g;

export interface OutputScan {
  output: string;
  bytes: number;
  // Whole secrets, as written.
  raw: number;
  // Whole secrets base64, base64url, hex or URL-encoded.
  encoded: number;
  // 12+ character pieces of a secret that are not part of a whole one.
  partial: number;
  jwts: number;
  // What was found, e.g. "raw jwt at 120: ...context...", for the failure message.
  hits: string[];
}

interface Needle {
  secret: SecretName;
  form: string;
  text: string;
}

export interface SecretScanner {
  // Scans an output and records it among the results (goal: nothing found).
  scan(output: string, text: string): OutputScan;
  // Scans without recording: positive controls, where a revealed value must be found.
  inspect(output: string, text: string): OutputScan;
  readonly results: OutputScan[];
}

// Why: one scanner for every output, so each is judged by the same needles and counted the same way.
export function createSecretScanner(secrets: KnownSecrets): SecretScanner {
  const entries = Object.entries(secrets) as [SecretName, string][];
  const encoded = entries.flatMap(([secret, value]) => encodedForms(value).map((form): Needle => ({ secret, ...form })));
  const pieces = new Map<string, SecretName>();
  for (const [secret, value] of entries) for (let at = 0; at + PARTIAL_CHARS <= value.length; at++) pieces.set(value.slice(at, at + PARTIAL_CHARS), secret);
  const results: OutputScan[] = [];
  const inspect = (output: string, text: string): OutputScan => {
    const hits: string[] = [];
    const covered = new Uint8Array(text.length);
    let raw = 0;
    for (const [secret, value] of entries) {
      for (const at of occurrences(text, value)) {
        raw++;
        covered.fill(1, at, at + value.length);
        hits.push(describeHit('raw', secret, text, at));
      }
    }
    let encodedCount = 0;
    for (const needle of encoded) {
      for (const at of occurrences(text, needle.text)) {
        encodedCount++;
        hits.push(describeHit(needle.form, needle.secret, text, at));
      }
    }
    let partial = 0;
    for (let at = 0; at + PARTIAL_CHARS <= text.length; at++) {
      if (covered[at]) continue;
      const secret = pieces.get(text.slice(at, at + PARTIAL_CHARS));
      if (!secret) continue;
      partial++;
      hits.push(describeHit('partial', secret, text, at));
      // One piece counts once, however long: skip the windows that go on matching the same secret.
      let end = at + 1;
      while (end + PARTIAL_CHARS <= text.length && !covered[end] && pieces.get(text.slice(end, end + PARTIAL_CHARS)) === secret) end++;
      at = end + PARTIAL_CHARS - 2;
    }
    const jwts = [...text.matchAll(JWT_SHAPE)];
    for (const match of jwts) hits.push(`jwt-shaped token at ${match.index}: ${context(text, match.index, match[0].length)}`);
    return { output, bytes: Buffer.byteLength(text), raw, encoded: encodedCount, partial, jwts: jwts.length, hits };
  };
  return {
    results,
    inspect,
    scan(output, text) {
      const result = inspect(output, text);
      results.push(result);
      return result;
    },
  };
}

// Why: a value encoded inside a larger encoded blob lands at any of three byte alignments; each alignment's core is looked for.
export function encodedForms(value: string): { form: string; text: string }[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = [{ form: 'hex', text: bytes.toString('hex') }];
  for (let offset = 0; offset < 3; offset++) {
    const core = bytes.subarray(offset, offset + Math.floor((bytes.length - offset) / 3) * 3);
    forms.push({ form: 'base64', text: core.toString('base64') }, { form: 'base64url', text: core.toString('base64url') });
  }
  if (encodeURIComponent(value) !== value) forms.push({ form: 'url-encoded', text: encodeURIComponent(value) });
  // base64 and base64url agree on values without '+' and '/': one needle, counted once.
  return forms.filter((form, index) => forms.findIndex((other) => other.text === form.text) === index);
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

function describeHit(form: string, secret: SecretName, text: string, at: number): string {
  return `${form} ${secret} at ${at}: ${context(text, at, PARTIAL_CHARS)}`;
}

function context(text: string, at: number, length: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 60), at + length + 60));
}
