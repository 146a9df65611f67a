// A hand-written JSON file that cannot be used: each problem names file:line:column and the field at fault.
// Its own module, importing nothing, so the CLI can recognise it without loading a parser or a schema.
export class JsonFileError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[], what = 'file') {
    super(`${file} is not a usable ${what}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'JsonFileError';
    this.file = file;
    this.problems = problems;
  }
}
