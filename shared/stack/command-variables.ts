import { closestKey } from '../config/closest-key.ts';

// A command argument split into literal text and variable references: `--port=${PORT}` is ['--port=', PORT].
export type ArgumentPart = { text: string } | { variable: string };

export type ParsedArgument = { ok: true; parts: ArgumentPart[] } | { ok: false; problem: string };

export type SubstitutedCommand =
  | { ok: true; args: string[] }
  | { ok: false; index: number; variable?: string; message: string };

const BRACED_NAME = /^[A-Za-z_][\w.-]*$/;
const BARE_NAME = /^[A-Za-z_]\w*/;

// Why: `${PORT}` in a stack-file command is read by Stackdeck itself, per argument, never by a shell (no injection):
// `${NAME}` and `$NAME` are references, `$$` is a literal `$`, and a `$` before anything else stays as written.
export function parseArgument(argument: string): ParsedArgument {
  const parts: ArgumentPart[] = [];
  let text = '';
  let i = 0;
  while (i < argument.length) {
    const dollar = argument.indexOf('$', i);
    if (dollar === -1) {
      text += argument.slice(i);
      break;
    }
    text += argument.slice(i, dollar);
    const next = argument[dollar + 1];
    if (next === '$') {
      text += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = argument.indexOf('}', dollar + 2);
      if (close === -1) return { ok: false, problem: `'\${' at position ${dollar + 1} is never closed: write \${NAME}, or $$ for a literal $` };
      const name = argument.slice(dollar + 2, close);
      if (!BRACED_NAME.test(name)) {
        return { ok: false, problem: `'\${${name}}' is not a variable reference: write \${NAME} (letters, digits, _ . -; no defaults or other shell forms), or $$ for a literal $` };
      }
      if (text) parts.push({ text });
      text = '';
      parts.push({ variable: name });
      i = close + 1;
    } else {
      const name = BARE_NAME.exec(argument.slice(dollar + 1))?.[0];
      if (name === undefined) {
        text += '$';
        i = dollar + 1;
        continue;
      }
      if (text) parts.push({ text });
      text = '';
      parts.push({ variable: name });
      i = dollar + 1 + name.length;
    }
  }
  if (text || parts.length === 0) parts.push({ text });
  return { ok: true, parts };
}

// The variables a command refers to, with the index of the argument that names each.
export function commandReferences(command: readonly string[]): { index: number; variable: string }[] {
  return command.flatMap((argument, index) => {
    const parsed = parseArgument(argument);
    return parsed.ok ? parsed.parts.flatMap((part) => ('variable' in part ? [{ index, variable: part.variable }] : [])) : [];
  });
}

// Why: each argument gets the service's values substituted before spawning; a reference to a variable the service does
// not have is an error naming the service, the argument and the variable, so it is not started with a hole in its command.
export function substituteCommand(service: string, command: readonly string[], values: Readonly<Record<string, string>>, known: readonly string[] = Object.keys(values)): SubstitutedCommand {
  const args: string[] = [];
  for (const [index, argument] of command.entries()) {
    const parsed = parseArgument(argument);
    if (!parsed.ok) return { ok: false, index, message: `${service}: command[${index}] (${JSON.stringify(argument)}): ${parsed.problem}` };
    let result = '';
    for (const part of parsed.parts) {
      if ('text' in part) {
        result += part.text;
        continue;
      }
      const value = Object.hasOwn(values, part.variable) ? values[part.variable] : undefined;
      if (value === undefined) {
        const near = closestKey(part.variable, known);
        return {
          ok: false, index, variable: part.variable,
          message: `${service}: command[${index}] (${JSON.stringify(argument)}) refers to ${part.variable}, which ${service} does not have${near ? ` (did you mean ${near}?)` : ''}; set it in one of its env files or drop the reference`,
        };
      }
      result += value;
    }
    args.push(result);
  }
  return { ok: true, args };
}
