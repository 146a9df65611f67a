import type { MaskedSource } from './code-mask.ts';
import type { LoaderCall, LoaderPath } from './env-loader.ts';
import {
  callText, codeRelativePath, joinPieces, keywordOf, lineIndex, literalsIn, matchingClose, sliceOf, splitTopLevel, stringLiteral, type Slice,
} from './source-slice.ts';

const DOTENV_MODULES = new Set(['dotenv', '@dotenvx/dotenvx']);
const CONFIG_MODULES = new Set(['dotenv/config', '@dotenvx/dotenvx/config']);

// Why: dotenv's config({ override: true }) replaces what the launcher passed; process.loadEnvFile and a plain config() do not.
export function findNodeLoaderCalls(source: MaskedSource): LoaderCall[] {
  const lineOf = lineIndex(source.bare);
  const calls: LoaderCall[] = [];
  const { namespaces, configNames } = dotenvBindings(source);

  // import 'dotenv/config' and require('dotenv/config'): config() with no options, at load time.
  for (const match of source.bare.matchAll(/(?<![\w$.])(?:import\s*|require\s*\(\s*)(["'])/g)) {
    const quote = match.index + match[0].length - 1;
    const specifier = literalAt(source, quote);
    if (specifier === undefined || !CONFIG_MODULES.has(specifier)) continue;
    const end = source.bare.indexOf(source.bare[quote] ?? '"', quote + 1) + 1;
    calls.push({ kind: 'node-dotenv', line: lineOf(match.index), call: callText(source.code.slice(match.index, end + (match[0].startsWith('require') ? 1 : 0))), override: false, paths: [{ name: '.env', base: 'cwd' }] });
  }

  // dotenv.config(...), require('dotenv').config(...), config(...) imported from dotenv.
  for (const match of source.bare.matchAll(/(?<![\w$.])(?:([A-Za-z_$][\w$]*)\s*\.\s*config|require\s*\(\s*(["'])\s*\2\s*\)\s*\.\s*config|([A-Za-z_$][\w$]*))\s*\(/g)) {
    const [, namespace, requireQuote, bareName] = match;
    if (namespace !== undefined && !namespaces.has(namespace)) continue;
    if (bareName !== undefined && !configNames.has(bareName)) continue;
    if (requireQuote !== undefined) {
      const specifier = literalAt(source, source.bare.indexOf(requireQuote, match.index));
      if (specifier === undefined || !DOTENV_MODULES.has(specifier)) continue;
    }
    const open = match.index + match[0].length - 1;
    const close = matchingClose(source.bare, open);
    if (close === -1) continue;
    const [options] = splitTopLevel(sliceOf(source, open + 1, close));
    const properties = options && options.bare.startsWith('{') ? objectProperties(options) : new Map<string, Slice>();
    const path = properties.get('path');
    calls.push({
      kind: 'node-dotenv', line: lineOf(match.index), call: callText(source.code.slice(match.index, close + 1)),
      override: properties.get('override')?.code === 'true',
      paths: path ? nodePaths(path) : [{ name: '.env', base: 'cwd' }],
    });
  }

  // process.loadEnvFile(path = './.env'): Node's own loader, which leaves variables already set alone.
  for (const match of source.bare.matchAll(/(?<![\w$.])process\s*\.\s*loadEnvFile\s*\(/g)) {
    const open = match.index + match[0].length - 1;
    const close = matchingClose(source.bare, open);
    if (close === -1) continue;
    const [path] = splitTopLevel(sliceOf(source, open + 1, close));
    calls.push({
      kind: 'node-load-env-file', line: lineOf(match.index), call: callText(source.code.slice(match.index, close + 1)), override: false,
      paths: path ? nodePaths(path) : [{ name: '.env', base: 'cwd' }],
    });
  }
  return calls.sort((a, b) => a.line - b.line);
}

// The names under which this file holds dotenv: `import dotenv from`, `* as dotenv`, `{ config as load }`, `require(...)`.
function dotenvBindings(source: MaskedSource): { namespaces: Set<string>; configNames: Set<string> } {
  const namespaces = new Set<string>();
  const configNames = new Set<string>();
  const patterns = [
    /\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)?\s*,?\s*(?:\{([^}]*)\})?\s*from\s*(["'])/g,
    /\b(?:const|let|var)\s+(?:([A-Za-z_$][\w$]*)|\{([^}]*)\})\s*=\s*require\s*\(\s*(["'])/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.bare.matchAll(pattern)) {
      const specifier = literalAt(source, match.index + match[0].length - 1);
      if (specifier === undefined || !DOTENV_MODULES.has(specifier)) continue;
      if (match[1]) namespaces.add(match[1]);
      for (const named of (match[2] ?? '').split(',')) {
        const [original, alias] = named.split(/\s+as\s+|\s*:\s*/).map((part) => part.trim());
        if (original === 'config') configNames.add(alias || original);
      }
    }
  }
  return { namespaces, configNames };
}

// The text of the string literal whose opening quote sits at `quote`.
function literalAt(source: MaskedSource, quote: number): string | undefined {
  const mark = source.bare[quote];
  if (mark !== '"' && mark !== "'" && mark !== '`') return undefined;
  const close = source.bare.indexOf(mark, quote + 1);
  return close === -1 ? undefined : source.code.slice(quote + 1, close);
}

function objectProperties(object: Slice): Map<string, Slice> {
  const inner = { code: object.code.slice(1, -1), bare: object.bare.slice(1, -1), start: object.start + 1 };
  const properties = new Map<string, Slice>();
  for (const part of splitTopLevel(inner)) {
    const keyword = keywordOf(part, ':');
    if (keyword) properties.set(keyword.name, keyword.value);
    else if (/^[A-Za-z_$][\w$]*$/.test(part.bare)) properties.set(part.bare, part);
  }
  return properties;
}

// dotenv's `path` (one path or a list) and loadEnvFile's argument: a relative path is read from the process's cwd.
export function nodePaths(value: Slice): LoaderPath[] {
  if (value.bare.startsWith('[') && value.bare.endsWith(']')) {
    return splitTopLevel({ code: value.code.slice(1, -1), bare: value.bare.slice(1, -1), start: value.start + 1 }).flatMap(nodePaths);
  }
  const literal = stringLiteral(value, 'node');
  if (literal !== undefined) return [{ name: literal, base: 'cwd' }];
  if (/\b__dirname\b|\bimport\s*\.\s*meta\s*\.\s*(?:dirname|url|filename)\b|\b__filename\b/.test(value.bare)) {
    const steps = value.bare.match(/\bdirname\s*\(/g)?.length ?? 0;
    const fromFile = /\b__filename\b|import\s*\.\s*meta\s*\.\s*(?:url|filename)\b/.test(value.bare) && !/new\s+URL\s*\(/.test(value.bare);
    return [codeRelativePath(value, 'node', fromFile ? steps - 1 : steps)];
  }
  if (/\bprocess\s*\.\s*cwd\s*\(\s*\)/.test(value.bare)) return [{ name: joinPieces(literalsIn(value, 'node')), base: 'cwd' }];
  return [{ expression: value.code }];
}
