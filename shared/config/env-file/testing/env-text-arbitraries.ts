import { createRequire } from 'node:module';
import fc from 'fast-check';
import { parseEnvText } from '../parse-env-text.ts';

// The reference: dotenv's own parser, a devDependency kept only as the oracle for ours.
export const dotenv = createRequire(import.meta.url)('dotenv') as { parse: (src: string) => Record<string, string> };

// What dotenv keeps: the last value of each key, as our entries say it.
export function lastValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of parseEnvText(text, '.env').entries) values[entry.key] = entry.value;
  return values;
}

// Lines built from the grammar's own pieces, so that a generator hits its corners often.
const key = fc.stringMatching(/^[A-Za-z_][\w.-]{0,6}$/);
const piece = fc.constantFrom('=', ':', ': ', ' = ', '"', "'", '`', '#', ' #', '\\n', '\\"', ' ', '\t', 'export ', 'x', 'y z', '$(a)', '\r\n', '\n', '\r', '\uFEFF', 'é');
const line = fc.oneof(
  fc.tuple(fc.constantFrom('', 'export ', '  '), key, fc.constantFrom('=', ' = ', ': ', ':'), fc.array(piece, { maxLength: 6 }))
    .map(([prefix, k, sep, rest]) => `${prefix}${k}${sep}${rest.join('')}`),
  fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 20 }),
);

// Why: differential and fuzz tests share one generator of env files shaped like the grammar (quotes, separators, comments).
export const envFileText = (maxLines = 12) => fc.array(line, { maxLength: maxLines }).map((lines) => lines.join('\n'));
