import { resolve } from 'node:path';
import { readJsoncFile } from '../../shared/config/node/read-jsonc-file.ts';
import { StackReportSchema, type StackReport } from '../../shared/config/report-schema.ts';

export interface Baseline {
  // As the user wrote it, for messages.
  shown: string;
  report: StackReport;
}

// Why: a baseline is a file the user names; missing, not JSON, or not a report, it is refused (exit 2) naming the file,
// and the line and field zod found wrong, as every other JSON file Stackdeck reads.
export function readBaseline(file: string, cwd: string): Baseline {
  const { data } = readJsoncFile(resolve(cwd, file), StackReportSchema, 'baseline (a report saved by `stackdeck check --json`)');
  return { shown: file, report: data };
}
