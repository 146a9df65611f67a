import { specValueText, type SpecValue } from './env-spec-decorators.ts';
import type { VariableDeclarationInput } from './variables-file.ts';

// What a varlock @type becomes in a Stackdeck declaration: its type-specific fields, plus notes on what was lost.
export type TypeFields = Partial<Record<string, unknown>> & { type: VariableDeclarationInput['type'] };

export interface TypeNote {
  severity: 'error' | 'warning' | 'info';
  message: string;
  suggestion: string;
}

export interface MappedType {
  fields: TypeFields;
  notes: TypeNote[];
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/;

// Formats varlock checks with a fixed pattern; our own patterns, written from each format's definition.
const FORMAT_PATTERNS: Record<string, { pattern: string; hint: string }> = {
  uuid: { pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-5][0-9a-fA-F]{3}-[089abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}', hint: 'a UUID' },
  md5: { pattern: '[0-9a-fA-F]{32}', hint: 'an MD5 hash (32 hex digits)' },
  semver: {
    pattern: String.raw`(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`,
    hint: 'a semantic version such as 1.2.3',
  },
};

const warning = (message: string, suggestion: string): TypeNote => ({ severity: 'warning', message, suggestion });

// Why: a varlock type Stackdeck cannot express still loads as a string, so one odd item never hides the others.
export function mapSpecType(spec: SpecValue, defaultValue: string | undefined): MappedType {
  const name = spec.kind === 'static' && typeof spec.value === 'string' && !spec.quoted ? spec.value : spec.kind === 'call' ? spec.name : undefined;
  if (name === undefined) {
    return { fields: { type: 'string' }, notes: [{ severity: 'error', message: `@type=${specValueText(spec)} is not a type name`, suggestion: 'Write e.g. @type=string, @type=number(min=1) or @type=enum(a, b)' }] };
  }
  const settings = spec.kind === 'call' ? spec.named : {};
  const args = spec.kind === 'call' ? spec.args : [];
  const notes: TypeNote[] = [];
  const ignored = (keys: string[], what: string) => {
    for (const key of keys) {
      if (key in settings) notes.push(warning(`@type=${name}'s ${key}=${specValueText(settings[key] as SpecValue)} is not checked by Stackdeck (${what})`, 'Varlock still checks it when it loads the file'));
    }
  };
  const known = (keys: string[]) => {
    for (const key of Object.keys(settings)) {
      if (!keys.includes(key)) notes.push({ severity: 'error', message: `@type=${name} has no option ${key}`, suggestion: `Its options are: ${keys.join(', ') || 'none'}` });
    }
  };

  switch (name) {
    case 'string': {
      known(['minLength', 'maxLength', 'isLength', 'startsWith', 'endsWith', 'matches', 'toUpperCase', 'toLowerCase']);
      ignored(['toUpperCase', 'toLowerCase'], 'it does not change values');
      return { fields: { type: 'string', ...stringConstraints(settings, notes) }, notes };
    }
    case 'number': {
      known(['min', 'max', 'isInt', 'precision', 'isDivisibleBy', 'coerceToMinMaxRange']);
      ignored(['isDivisibleBy', 'coerceToMinMaxRange'], 'it does not round or clamp values');
      const isInt = staticOf(settings.isInt) === true || staticOf(settings.precision) === 0;
      if (!isInt && settings.precision !== undefined) ignored(['precision'], 'it does not round values');
      return { fields: { type: isInt ? 'integer' : 'number', ...numberBounds(settings, notes, name) }, notes };
    }
    case 'integer':
      notes.push({ severity: 'error', message: `varlock has no 'integer' type, so varlock itself refuses this item`, suggestion: 'Write @type=number(isInt=true)' });
      return { fields: { type: 'integer', ...numberBounds(settings, notes, name) }, notes };
    case 'boolean':
      known([]);
      return { fields: { type: 'boolean' }, notes };
    case 'port':
      known(['min', 'max']);
      ignored(['min', 'max'], 'a port is checked as 0-65535');
      return { fields: { type: 'port' }, notes };
    case 'email':
      known(['normalize']);
      ignored(['normalize'], 'it does not change values');
      return { fields: { type: 'email' }, notes };
    case 'url':
      known(['prependHttps', 'allowedProtocols', 'allowedDomains', 'noTrailingSlash', 'matches']);
      ignored(['prependHttps', 'allowedDomains', 'noTrailingSlash', 'matches'], 'a URL is checked for its scheme only');
      return { fields: { type: 'url', schemes: urlSchemes(settings.allowedProtocols, defaultValue, notes) }, notes };
    case 'enum': {
      const values = args.map((arg) => (arg.kind === 'static' ? specValueText(arg) : undefined));
      if (values.some((value) => value === undefined) || Object.keys(settings).length > 0) {
        notes.push({ severity: 'error', message: `@type=${specValueText(spec)}: enum options must be plain values`, suggestion: 'Write @type=enum(a, b, c)' });
      }
      const plain = values.filter((value): value is string => value !== undefined);
      if (plain.length === 0) {
        notes.push({ severity: 'error', message: '@type=enum needs at least one option', suggestion: 'Write @type=enum(a, b, c)' });
        return { fields: { type: 'string' }, notes };
      }
      return { fields: { type: 'enum', values: plain }, notes };
    }
    case 'ip':
    case 'domain':
      notes.push({ severity: 'info', message: `@type=${name} is checked as a host (a host name or an IP address), a little looser than varlock`, suggestion: 'Varlock still checks it exactly when it loads the file' });
      return { fields: { type: 'host' }, notes };
    case 'simple-object':
    case 'record':
      notes.push({ severity: 'info', message: `@type=${name} is checked as JSON text; varlock also requires a JSON object`, suggestion: 'Varlock still checks it exactly when it loads the file' });
      return { fields: { type: 'json' }, notes };
    case 'uuid':
    case 'md5':
    case 'semver': {
      const format = FORMAT_PATTERNS[name] as { pattern: string; hint: string };
      return { fields: { type: 'string', pattern: format.pattern, patternHint: format.hint }, notes };
    }
    default:
      notes.push(warning(
        UNEXPRESSED[name] ?? `@type=${name} is not a varlock built-in type (a plugin's, or a typo), so Stackdeck checks it as a plain string`,
        UNEXPRESSED[name] ? 'Varlock still checks it when it loads the file' : 'Check the spelling; plugin types are checked by varlock only',
      ));
      return { fields: { type: 'string' }, notes };
  }
}

const UNEXPRESSED: Record<string, string> = {
  duration: `@type=duration takes varlock's units ("1h", "30m", a bare number of milliseconds), which Stackdeck's duration (seconds) does not, so it is checked as a plain string`,
  isoDate: '@type=isoDate is checked as a plain string: Stackdeck has no date type',
  array: '@type=array is checked as a plain string: Stackdeck has no list type',
};

function staticOf(value: SpecValue | undefined): string | number | boolean | undefined {
  return value?.kind === 'static' ? value.value : undefined;
}

function numberSetting(settings: Record<string, SpecValue>, key: string, notes: TypeNote[], typeName: string, integer = false): number | undefined {
  const value = settings[key];
  if (value === undefined) return undefined;
  const number = staticOf(value);
  if (typeof number === 'number' && (!integer || (Number.isInteger(number) && number >= 0))) return number;
  notes.push({ severity: 'error', message: `@type=${typeName}'s ${key}=${specValueText(value)} is not ${integer ? 'a whole number' : 'a number'}`, suggestion: `Write ${key}=${integer ? '10' : '1.5'}` });
  return undefined;
}

function numberBounds(settings: Record<string, SpecValue>, notes: TypeNote[], typeName: string): { min?: number; max?: number } {
  const min = numberSetting(settings, 'min', notes, typeName);
  const max = numberSetting(settings, 'max', notes, typeName);
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Varlock's startsWith, endsWith and matches (a search, not a whole match) folded into one whole-value pattern.
function stringConstraints(settings: Record<string, SpecValue>, notes: TypeNote[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const isLength = numberSetting(settings, 'isLength', notes, 'string', true);
  const minLength = numberSetting(settings, 'minLength', notes, 'string', true) ?? isLength;
  const maxLength = numberSetting(settings, 'maxLength', notes, 'string', true) ?? isLength;
  if (minLength !== undefined) fields.minLength = minLength;
  if (maxLength !== undefined && maxLength > 0) fields.maxLength = maxLength;
  const lookaheads: string[] = [];
  const hints: string[] = [];
  const text = (key: string): string | undefined => {
    const value = settings[key];
    if (value === undefined) return undefined;
    if (value.kind === 'static' && value.value !== undefined) return String(value.value);
    notes.push({ severity: 'error', message: `@type=string's ${key}=${specValueText(value)} is not a plain value`, suggestion: `Write ${key}="text"` });
    return undefined;
  };
  const startsWith = text('startsWith');
  if (startsWith !== undefined) {
    lookaheads.push(`(?=${escapeRegExp(startsWith)})`);
    hints.push(`starts with "${startsWith}"`);
  }
  const endsWith = text('endsWith');
  if (endsWith !== undefined) {
    lookaheads.push(`(?=[\\s\\S]*${escapeRegExp(endsWith)}$)`);
    hints.push(`ends with "${endsWith}"`);
  }
  const matches = settings.matches === undefined ? undefined : regexOf(settings.matches, notes);
  if (matches !== undefined) {
    lookaheads.push(`(?=[\\s\\S]*?(?:${matches}))`);
    hints.push(`matches ${specValueText(settings.matches as SpecValue)}`);
  }
  if (lookaheads.length > 0) {
    const pattern = `${lookaheads.join('')}[\\s\\S]*`;
    if (compiles(pattern)) {
      fields.pattern = pattern;
      fields.patternHint = hints.join(', ');
    } else {
      notes.push(warning(`@type=string's pattern ${hints.join(', ')} cannot be checked as a JavaScript regular expression`, 'Varlock still checks it when it loads the file'));
    }
  }
  return fields;
}

// matches= takes "/source/flags", a bare source, or regex("source"); only the i, m and s flags carry over (as a modifier group).
function regexOf(value: SpecValue, notes: TypeNote[]): string | undefined {
  let raw: string | undefined;
  let flags = '';
  if (value.kind === 'static' && value.value !== undefined) raw = String(value.value);
  else if (value.kind === 'call' && value.name === 'regex' && value.args[0]?.kind === 'static') {
    raw = String(value.args[0].value);
    const second = value.args[1];
    if (second?.kind === 'static' && typeof second.value === 'string') flags = second.value;
  }
  if (raw === undefined) {
    notes.push({ severity: 'error', message: `@type=string's matches=${specValueText(value)} is not a regular expression`, suggestion: 'Write matches="^[a-z]+$" or matches=regex("^[a-z]+$")' });
    return undefined;
  }
  const slashed = /^\/(.+)\/([dgimsuvy]*)$/.exec(raw);
  const source = slashed ? (slashed[1] as string) : raw;
  flags += slashed ? (slashed[2] as string) : '';
  const modifiers = [...new Set(flags.replace(/[^ims]/g, ''))].join('');
  const wrapped = modifiers ? `(?${modifiers}:${source})` : source;
  if (!compiles(wrapped)) {
    notes.push({ severity: 'error', message: `@type=string's matches=${specValueText(value)} is not a valid regular expression`, suggestion: 'Fix the regular expression' });
    return undefined;
  }
  return wrapped;
}

function compiles(source: string): boolean {
  try {
    new RegExp(`^(?:${source})$`);
    return true;
  } catch {
    return false;
  }
}

// Varlock accepts any scheme new URL() parses unless allowedProtocols narrows it; Stackdeck lists schemes, so the default's own counts too.
function urlSchemes(allowed: SpecValue | undefined, defaultValue: string | undefined, notes: TypeNote[]): string[] {
  if (allowed !== undefined) {
    const items = allowed.kind === 'list' ? allowed.items : [allowed];
    const schemes = items.map((item) => (item.kind === 'static' ? String(item.value).replace(/:$/, '').toLowerCase() : ''));
    const good = schemes.filter((scheme) => SCHEME.test(scheme));
    if (good.length === schemes.length && good.length > 0) return good;
    notes.push({ severity: 'error', message: `@type=url's allowedProtocols=${specValueText(allowed)} is not a list of schemes`, suggestion: 'Write allowedProtocols=[https, postgres]' });
  }
  const schemes = ['http', 'https'];
  const own = defaultValue === undefined ? undefined : /^([a-z][a-z0-9+.-]*):/i.exec(defaultValue)?.[1]?.toLowerCase();
  if (own !== undefined && !schemes.includes(own)) schemes.push(own);
  return schemes;
}
