import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dotenv = require('dotenv') as { parse: (text: string) => Record<string, string>; populate: (target: Record<string, string>, parsed: Record<string, string>) => void };
const dotenvExpand = require('dotenv-expand') as { expand: (options: { parsed: Record<string, string>; processEnv: Record<string, string> }) => { parsed: Record<string, string> } };

// Why: the reference for the dotenv-expand dialect, as a service runs it: `expand(config())`, where config() has
// already copied the file's values into process.env (keeping what the environment had), and the environment is ours.
export function dotenvExpandValues(text: string, environment: Readonly<Record<string, string>>): Record<string, string> {
  const parsed = dotenv.parse(text);
  const processEnv = { ...environment };
  dotenv.populate(processEnv, parsed);
  return { ...dotenvExpand.expand({ parsed, processEnv }).parsed };
}
