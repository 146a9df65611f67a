import { parseComposeEnvText } from './compose.ts';
import type { EnvDialect } from './dialect.ts';
import { parseDotenvExpandText } from './dotenv-expand.ts';
import { parseEnvText, type ParsedEnvText } from './parse-env-text.ts';
import { parsePythonDotenvText } from './python-dotenv.ts';
import { NO_OUTSIDE, type OutsideLookup } from './reference.ts';

// Why: one entry point reads an env file as the program that loads it would; `outside` is the process environment
// that program runs in (the resolver's OS env and launcher values), which expanding dialects consult.
export function parseEnvTextAs(text: string, file: string, dialect: EnvDialect, outside: OutsideLookup = NO_OUTSIDE): ParsedEnvText {
  switch (dialect) {
    case 'node-dotenv':
      return parseEnvText(text, file);
    case 'python-dotenv':
      return parsePythonDotenvText(text, file, outside);
    case 'dotenv-expand':
      return parseDotenvExpandText(text, file, outside);
    case 'compose':
      return parseComposeEnvText(text, file, outside);
  }
}
