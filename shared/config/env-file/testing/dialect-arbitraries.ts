import fc from 'fast-check';
import type { OutsideLookup } from '../reference.ts';

// A few names, so that generated references often meet an assignment, an outside value, or nothing.
export const REFERENCE_NAMES = ['A', 'B', 'C', 'DB_HOST', 'OS_ONLY'] as const;
const name = fc.constantFrom(...REFERENCE_NAMES);

// The pieces of values that expanding loaders read differently: each reference form, escapes, quotes and comments.
const valuePiece = fc.oneof(
  name.map((n) => `\${${n}}`),
  name.map((n) => `$${n}`),
  fc.tuple(name, fc.constantFrom(':-', '-', ':+', '+', ':?', ':'), fc.constantFrom('', 'd', 'x y', '${A}', '$B')).map(([n, op, d]) => `\${${n}${op}${d}}`),
  fc.constantFrom('${', '}', '$', '$$', '\\$', '\\${A}', '${}', '$&', '#', ' #', '"', "'", '\\', '\\n', 'x', 'é', ' ', '\t', '=', ':'),
);
const value = fc.array(valuePiece, { maxLength: 5 }).map((pieces) => pieces.join(''));
const quoted = fc.tuple(fc.constantFrom('', '"', "'", '`'), value, fc.constantFrom('', ' # c', ' y'))
  .map(([quote, text, after]) => `${quote}${text}${quote}${after}`);
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('', 'export ', '  '), name, fc.constantFrom('=', ' = ', '= '), quoted).map(([prefix, key, sep, text]) => `${prefix}${key}${sep}${text}`) },
  { weight: 1, arbitrary: fc.constantFrom('# comment', '', 'A', 'export B', 'C=', 'bad line', '=x', '\uFEFFA=1', 'A="open', 'B=\'multi\nline\'') },
);

// Why: the differential tests of every expanding dialect share one generator of env files full of references.
export const referenceFileText = (maxLines = 8) => fc.tuple(fc.array(line, { maxLength: maxLines }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, newline]) => lines.join(newline));

// The process environment a loader runs in: a few of the same names, values that may hold references themselves.
export const outsideEnvironment = fc.dictionary(fc.constantFrom('OS_ONLY', 'A', 'DB_HOST'), fc.constantFrom('', 'os', 'db.internal', '${B}', '$A', 'a b'), { maxKeys: 3 });

// The controlled environment as the parsers' `outside` lookup, every value from the OS.
export function outsideOf(environment: Readonly<Record<string, string>>): OutsideLookup {
  return (key) => (Object.hasOwn(environment, key) ? { value: environment[key] as string, source: { kind: 'os' } } : undefined);
}
