import type { Finding } from '../finding.ts';
import type { EnvFileEntry, ParsedEnvText } from './parse-env-text.ts';
import { parseEnvText } from './parse-env-text.ts';
import { addReference, type EnvReference, type OutsideLookup, type ReferenceOrigin } from './reference.ts';

// dotenv-expand re-scans a value from its start after every replacement, and a value can keep growing without end (a
// value holding `$&` puts the matched reference back in). Past these bounds we stop and report it: a value longer than
// twice the file and the environment values it read, plus 1 KiB; 2 000 replacements in one value, or 20 million characters scanned in one file.
const GROWTH_ALLOWANCE = 1024;
const MAX_STEPS = 2_000;
const WORK_LIMIT = 20_000_000;

interface Lookup {
  value: string | undefined;
  origin: ReferenceOrigin | undefined;
}

// Why: a node service that calls `dotenvExpand.expand(dotenv.config())` runs with these values, not dotenv's.
// This is dotenv-expand 13's algorithm step for step (lib/main.js), with each lookup recorded. config() first copies
// the file's raw values into process.env (keeping what was already there), so while a value expands, a name reads
// the environment (`outside`) first and else the file's raw value, which the loop then expands in turn; this is also
// why a name set on a later line works.
export function parseDotenvExpandText(text: string, file: string, outside: OutsideLookup): ParsedEnvText {
  const parsed = parseEnvText(text, file);
  const problems: Finding[] = [...parsed.problems];
  const problem = (line: number, key: string, severity: Finding['severity'], message: string, suggestion: string) => {
    if (!problems.some((known) => known.line === line && known.message === message)) problems.push({ rule: 'env-file-parse', severity, key, message, suggestion, file, line });
  };

  // dotenv.parse fills a plain object: one value per key (the last), in JS property order, and `__proto__` is lost.
  const lastIndex = Object.create(null) as Record<string, number>;
  parsed.entries.forEach((entry, index) => {
    if (entry.key !== '__proto__') lastIndex[entry.key] = index;
  });
  const rawOf = (name: string): EnvFileEntry | undefined => (Object.hasOwn(lastIndex, name) ? parsed.entries[lastIndex[name] as number] : undefined);
  const budget = { work: 0, maxLength: GROWTH_ALLOWANCE + 2 * text.length };
  const outsideRead = new Set<string>();
  const lookup = (name: string): Lookup => {
    const fromOutside = outside(name);
    if (fromOutside !== undefined) {
      if (!outsideRead.has(name)) {
        outsideRead.add(name);
        budget.maxLength += 2 * fromOutside.value.length;
      }
      return { value: fromOutside.value, origin: { from: 'outside', source: fromOutside.source } };
    }
    const entry = rawOf(name);
    if (entry !== undefined) return { value: entry.value, origin: { from: 'line', file, line: entry.line } };
    return { value: undefined, origin: undefined };
  };

  const entries = parsed.entries.map((entry) => ({ ...entry }));
  const runningParsed = Object.create(null) as Record<string, string>;
  for (const key in lastIndex) {
    const entry = entries[lastIndex[key] as number] as EnvFileEntry;
    const raw = entry.value;
    const references: EnvReference[] = [];
    const fromOutside = outside(key);
    let value: string;
    if (fromOutside !== undefined && fromOutside.value !== '' && fromOutside.value !== raw) {
      value = fromOutside.value;
      addReference(references, { name: key, origin: { from: 'outside', source: fromOutside.source } });
    } else {
      value = expandValue(entry, raw, lookup, runningParsed, references, budget, problem);
    }
    const resolved = value.replace(/\\\$/g, '$');
    if (resolved !== raw) entry.raw = raw;
    entry.value = resolved;
    runningParsed[key] = resolved;
    if (references.length > 0) entry.references = references;
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { entries, problems };
}

type ProblemSink = (line: number, key: string, severity: Finding['severity'], message: string, suggestion: string) => void;

function expandValue(entry: EnvFileEntry, value: string, lookup: (name: string) => Lookup, runningParsed: Record<string, string>,
  references: EnvReference[], budget: { work: number; maxLength: number }, problem: ProblemSink): string {
  const pattern = /(?<!\\)\${([^{}]+)}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/g;
  let result = value;
  const seen = new Set<string>();
  let match: RegExpExecArray | null;
  let steps = 0;
  while ((match = pattern.exec(result)) !== null) {
    budget.work += result.length;
    if (budget.work > WORK_LIMIT || ++steps > MAX_STEPS || result.length > budget.maxLength) {
      problem(entry.line, entry.key, 'error',
        `${entry.key}'s value does not settle in dotenv-expand: after ${steps} replacements it is ${result.length} characters long and still holds references (a value that puts its own reference back, e.g. through '$&'), so dotenv-expand would hang or take very long on this file`,
        `Remove the reference that expands back into itself from ${entry.key} or the variables it names`);
      return result;
    }
    seen.add(result);
    const before = result;
    const [template, braced, unbraced] = match as unknown as [string, string | undefined, string | undefined];
    const expression = (braced || unbraced) as string;
    const splitter = /(:\+|\+|:-|-)/.exec(expression)?.[0] ?? null;
    const parts = splitter === null ? [expression] : expression.split(splitter);
    const name = parts.shift() as string;
    const found = lookup(name);
    let fallback: string;
    let current: string | undefined;
    if (splitter === ':+' || splitter === '+') {
      fallback = found.value ? parts.join(splitter) : '';
      current = undefined;
    } else {
      fallback = parts.join(splitter ?? '');
      current = found.value;
    }
    const throughOthers = references.length > 0;
    if (current && !seen.has(current)) {
      result = result.replace(template, current);
      addReference(references, { name, origin: found.origin ?? { from: 'unset' } });
    } else {
      result = result.replace(template, fallback);
      addReference(references, { name, origin: fallback === '' ? { from: 'unset' } : { from: 'default' } });
      if (current) {
        problem(entry.line, entry.key, 'warning',
          name === entry.key && !throughOthers
            ? `${entry.key} refers to itself (\${${name}}), so dotenv-expand puts ${fallback === '' ? 'an empty string' : 'the default'} there`
            : `${entry.key}'s reference to \${${name}} leads back to a value already being expanded (a cycle), so dotenv-expand puts ${fallback === '' ? 'an empty string' : 'the default'} there`,
          `Break the cycle: give ${name} a value that does not refer back`);
      } else if (splitter === null && found.value === undefined) {
        problem(entry.line, entry.key, 'warning',
          `${entry.key} refers to \${${name}}, which nothing sets (not this file, not the environment), so dotenv-expand puts an empty string there`,
          `Set ${name}, or give a default: \${${name}:-value}`);
      }
    }
    // Nothing changed, and the next pass would do exactly this again: dotenv-expand loops forever here.
    if (result === before) {
      problem(entry.line, entry.key, 'error',
        `${entry.key}'s value never settles in dotenv-expand: replacing \${${name}} gives back the same text, so dotenv-expand would loop forever on this file`,
        `Give ${name} a value that does not expand to its own reference`);
      return result;
    }
    // dotenv-expand stops once the value equals what it already holds for that name.
    if (Object.hasOwn(runningParsed, name) && result === runningParsed[name]) break;
    pattern.lastIndex = 0;
  }
  return result;
}
