// A stack file that cannot be used: every problem with the file and the field at fault.
// Its own module, importing nothing, so the CLI can recognise it without loading the stack file's parser and schema.
export class StackFileError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`${file} is not a usable stack file:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'StackFileError';
    this.problems = problems;
  }
}
