import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { StackFileSchema, type StackFile } from '../../../shared/stack/stack-file-schema.ts';
import { StackFileError } from './stack-file-error.ts';

export { StackFileError };

export const STACK_FILE = 'stackdeck.json';

// Why: the stack file is input from a user's editor: JSON errors name line and column, schema errors the field path.
export async function loadStackFile(root: string): Promise<{ path: string; stack: StackFile }> {
  const path = join(root, STACK_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new StackFileError(path, [code === 'ENOENT' ? `no ${STACK_FILE} in ${root}: create one (see README) or run from the stack's root` : `cannot read it (${code ?? String(error)})`]);
  }
  // jsonc-parser: offsets for every syntax error (JSON.parse gives none), and comments are allowed in a hand-written file.
  const syntaxErrors: ParseError[] = [];
  const json: unknown = parse(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  if (syntaxErrors.length > 0 || text.trim() === '') {
    // The parser may report one fault more than once at the same place: each problem is said once.
    const problems = [...new Set(syntaxErrors.map((error) => `${path}:${lineAndColumn(text, error.offset)}: ${printParseErrorCode(error.error)}`))];
    throw new StackFileError(path, problems.length > 0 ? problems : [`${path} is empty`]);
  }
  const parsed = StackFileSchema.safeParse(json);
  if (!parsed.success) throw new StackFileError(path, parsed.error.issues.map(describeIssue));
  return { path, stack: parsed.data };
}

function describeIssue(issue: { path: PropertyKey[]; message: string; code?: string; issues?: { message: string }[] }): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  // A bad record key: zod's own text ("Invalid key in record") hides the reason given by the key's schema.
  const message = issue.code === 'invalid_key' && issue.issues?.[0] ? issue.issues[0].message : issue.message;
  return `${where}: ${message}`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}
