import type { VariableDeclarationInput } from '../../../shared/config/schema-file/variables-file.ts';

export type GuessedType = Pick<Extract<VariableDeclarationInput, { type: 'url' }>, 'type' | 'schemes'> | { type: Exclude<VariableDeclarationInput['type'], 'url' | 'enum'> };

const PORT_NAME = /(^|_)PORT$/i;
const BOOLEAN_NAME = /^(DEBUG|VERBOSE)$|(^|_)(ENABLED?|DISABLED?|DEBUG)$|^(ENABLE|DISABLE|USE|IS|HAS|ALLOW)_/i;
const BOOLEAN_WORDS = /^(true|false|yes|no|on|off)$/i;
// What example files put where a value goes: nothing to learn a type from.
const PLACEHOLDER = /^(<.*>|\[.*\]|\.\.\.|x{3,}|changeme|change[-_]me|replace[-_]?me|todo|tbd|your[-_ ].*|.*[-_]here)$/i;

// Why: a declared type turns a bad value into a finding; the example values and the name are all init has to go on.
export function guessType(key: string, values: readonly string[]): GuessedType {
  const known = values.map((value) => value.trim()).filter((value) => value !== '' && !value.includes('${') && !PLACEHOLDER.test(value));
  const all = (test: (value: string) => boolean) => known.length > 0 && known.every(test);
  if (PORT_NAME.test(key) && (known.length === 0 || all((value) => /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65_535))) return { type: 'port' };
  if (known.length === 0) return { type: 'string' };
  if (all((value) => BOOLEAN_WORDS.test(value)) || (BOOLEAN_NAME.test(key) && all((value) => /^[01]$/.test(value) || BOOLEAN_WORDS.test(value)))) return { type: 'boolean' };
  if (all((value) => /^-?\d+$/.test(value))) return { type: 'integer' };
  if (all((value) => /^-?\d+(\.\d+)?$/.test(value))) return { type: 'number' };
  const schemes = known.map((value) => /^([a-z][a-z0-9+.-]*):\/\/\S+$/i.exec(value)?.[1]?.toLowerCase());
  if (schemes.every((scheme) => scheme !== undefined)) {
    const web = schemes.every((scheme) => scheme === 'http' || scheme === 'https');
    return { type: 'url', schemes: web ? ['http', 'https'] : [...new Set(schemes)] };
  }
  if (all((value) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))) return { type: 'email' };
  if (all(isJsonStructure)) return { type: 'json' };
  return { type: 'string' };
}

function isJsonStructure(value: string): boolean {
  if (!/^[[{]/.test(value)) return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}
