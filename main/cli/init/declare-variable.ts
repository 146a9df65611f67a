import { looksSecret, maskEmbeddedCredentials } from '../../../shared/config/mask.ts';
import type { CodeRead } from '../../../shared/config/node/code-reads.ts';
import type { VariableDeclarationInput } from '../../../shared/config/schema-file/variables-file.ts';
import type { EnvSourceEntry } from './env-sources.ts';
import { guessType } from './guess-type.ts';

// Everything init saw about one key for one variables file.
export interface KeyFacts {
  reads: CodeRead[];
  entries: EnvSourceEntry[];
  // Values a compose file sets for it (undefined: passed through by name), with the compose file's name.
  composeValues: { value: string | undefined; from: string }[];
}

export const emptyFacts = (): KeyFacts => ({ reads: [], entries: [], composeValues: [] });

// Why: one declaration from what was seen: type from the values, secret by name, a default only where the code or
// compose file writes one (never a secret's), required where an example lists it and nothing defaults it.
export function declareVariable(key: string, facts: KeyFacts): VariableDeclarationInput {
  const codeDefault = facts.reads.find((read) => read.default !== undefined)?.default;
  const composeDefault = facts.composeValues.find((item) => item.value !== undefined)?.value;
  const values = [
    ...facts.entries.map((entry) => entry.value),
    ...facts.composeValues.flatMap((item) => (item.value === undefined ? [] : [item.value])),
    ...(codeDefault === undefined ? [] : [codeDefault]),
  ];
  const secret = looksSecret(key);
  const fallback = codeDefault ?? composeDefault;
  // A URL with a password in it stays in the file it came from, not copied into another.
  const writableDefault = !secret && fallback !== undefined && maskEmbeddedCredentials(fallback) === fallback ? fallback : undefined;
  const listedInExample = facts.entries.some((entry) => entry.example);
  return {
    ...guessType(key, values),
    description: describeFirstUse(facts),
    ...(listedInExample && fallback === undefined ? { required: true } : {}),
    ...(secret ? { secret: true } : {}),
    ...(writableDefault === undefined ? {} : { default: writableDefault }),
  } as VariableDeclarationInput;
}

function describeFirstUse(facts: KeyFacts): string {
  const read = facts.reads[0];
  if (read) return `read at ${read.file}:${read.line}`;
  const set = facts.entries.find((entry) => !entry.example);
  if (set) return `set in ${set.file}:${set.line}; no read found in the code`;
  const example = facts.entries[0];
  if (example) return `listed in ${example.file}:${example.line}; no read found in the code`;
  return `set by ${facts.composeValues[0]?.from ?? 'the compose file'}; no read found in the code`;
}
