import { JsonFileError } from '../../../shared/config/json-file-error.ts';

// A stack file (or a variables file it names) that cannot be used: every problem with the file and the field at fault.
// Its module imports only the error it refines, so the CLI can recognise it without loading the stack file's parser.
export class StackFileError extends JsonFileError {
  constructor(file: string, problems: string[], what = 'stack file') {
    super(file, problems, what);
    this.name = 'StackFileError';
  }
}
