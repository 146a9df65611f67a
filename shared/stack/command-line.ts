// Characters a POSIX shell reads as themselves: an argument of only these needs no quotes.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

// Why: the UI and `up` show the command line a developer could paste into a shell; each argument is quoted as sh
// reads it back ('it'\''s'), so spaces and quotes inside one argument stay inside it.
export function quoteCommandLine(args: readonly string[]): string {
  return args.map(quoteArgument).join(' ');
}

export function quoteArgument(argument: string): string {
  if (SHELL_SAFE.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}
