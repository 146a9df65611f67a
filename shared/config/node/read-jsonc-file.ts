import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { JsonFileError } from '../json-file-error.ts';

export { JsonFileError };

export interface JsonIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  issues?: { message: string }[];
}

// Why: stack and schema files come from a user's editor: JSON errors name line and column (JSON.parse gives none),
// schema errors the line of the field and its path; comments and trailing commas are allowed. Synchronous: such files
// are a few kilobytes, read once at start (a service reads its schema before anything else runs).
export function readJsoncFile<S extends z.ZodType>(path: string, schema: S, what: string): { text: string; data: z.output<S> } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new JsonFileError(path, [code === 'ENOENT' ? `${path} does not exist` : code === 'EISDIR' ? `${path} is a directory` : `cannot read it (${code ?? String(error)})`], what);
  }
  const syntaxErrors: ParseError[] = [];
  const json = parseJsonc(text, syntaxErrors);
  if (syntaxErrors.length > 0 || text.trim() === '') {
    // The parser may report one fault more than once at the same place: each problem is said once.
    const problems = [...new Set(syntaxErrors.map((error) => `${path}:${lineAndColumn(text, error.offset)}: ${printParseErrorCode(error.error)}`))];
    throw new JsonFileError(path, problems.length > 0 ? problems : [`${path} is empty`], what);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new JsonFileError(path, parsed.error.issues.map((issue) => describeJsonIssue(path, text, issue)), what);
  return { text, data: parsed.data };
}

// Why: most stack and schema files are plain JSON, which JSON.parse reads to the same value several times faster at start
// than jsonc-parser (a `check` reads three); comments, trailing commas and every syntax error go through jsonc-parser as before.
// jsonc-parser assigns keys (a `__proto__` key sets the prototype) where JSON.parse defines them: such text, or text with
// \u escapes that could spell that key, is left to jsonc-parser so the value stays the same.
export function parseJsonc(text: string, syntaxErrors: ParseError[]): unknown {
  if (!text.includes('__proto__') && !text.includes('\\u')) {
    try {
      return JSON.parse(text);
    } catch {
      // JSONC, or broken: jsonc-parser says where.
    }
  }
  return parse(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
}

// `file:line:column: a.b.c: message`, the line being where the field (or its nearest existing parent) is written.
export function describeJsonIssue(path: string, text: string, issue: JsonIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  // A bad record key: zod's own text ("Invalid key in record") hides the reason given by the key's schema.
  const message = issue.code === 'invalid_key' && issue.issues?.[0] ? issue.issues[0].message : issue.message;
  return `${path}:${lineAndColumn(text, offsetOf(text, issue.path))}: ${where}: ${message}`;
}

function offsetOf(text: string, path: PropertyKey[]): number {
  const tree = parseTree(text);
  if (!tree) return 0;
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length).map((part) => (typeof part === 'number' ? part : String(part))));
    // A property's value node: point at its key, where the user reads the name.
    if (node) return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return 0;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}
