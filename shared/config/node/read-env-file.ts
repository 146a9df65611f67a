import { readFile, stat } from './fs-async.ts';
import { isUtf8 } from 'node:buffer';
import { DEFAULT_ENV_DIALECT, type EnvDialect } from '../env-file/dialect.ts';
import type { EnvFileEntry } from '../env-file/parse-env-text.ts';
import { parseEnvTextAs } from '../env-file/parse-env-text-as.ts';
import { NO_OUTSIDE, type OutsideLookup } from '../env-file/reference.ts';
import type { Finding } from '../finding.ts';

// An env file is a few kilobytes; past this it is almost surely something else, and reading it would stall the launcher.
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

export interface EnvFileRead {
  path: string;
  exists: boolean;
  entries: EnvFileEntry[];
  problems: Finding[];
}

const unreadable = (path: string, message: string, suggestion: string, line?: number): EnvFileRead => ({
  path,
  exists: true,
  entries: [],
  problems: [{ rule: 'env-file-parse', severity: 'error', message, suggestion, file: path, line }],
});

// Why: bad input (a directory, garbage, a huge file, no permission) gets a finding with the file, never a crash.
// The dialect is the program that loads the file; `outside` is the environment it expands references from.
export async function readEnvFile(path: string, dialect: EnvDialect = DEFAULT_ENV_DIALECT, outside: OutsideLookup = NO_OUTSIDE): Promise<EnvFileRead> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return unreadable(path, `${path} is a directory, but an env file was expected here`, 'Remove or rename the directory');
    if (!info.isFile()) return unreadable(path, `${path} is not a regular file`, 'Replace it with a plain text env file');
    size = info.size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return { path, exists: false, entries: [], problems: [] };
    return unreadable(path, `${path} cannot be read: ${errorText(error)}`, 'Check the file\'s permissions');
  }
  if (size > MAX_ENV_FILE_BYTES) {
    return unreadable(path, `${path} is ${(size / 1024 / 1024).toFixed(1)} MB; env files over 1 MB are not read`, 'Is this really an env file? Move data out of it');
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return unreadable(path, `${path} cannot be read: ${errorText(error)}`, 'Check the file\'s permissions');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return unreadable(path, `${path} holds binary data (a NUL byte on line ${lineOfByte(bytes, nul)}), not env text`, 'Replace it with a text file of KEY=value lines', lineOfByte(bytes, nul));
  }
  const parsed = parseEnvTextAs(bytes.toString('utf8'), path, dialect, outside);
  const badLine = firstNonUtf8Line(bytes);
  if (badLine !== undefined) {
    parsed.problems.push({
      rule: 'env-file-parse',
      severity: 'warning',
      file: path,
      line: badLine,
      message: `${path} is not valid UTF-8 from line ${badLine}: the bad bytes are read as U+FFFD, so values there are not what the file holds`,
      suggestion: 'Save the file as UTF-8',
    });
  }
  return { path, exists: true, entries: parsed.entries, problems: parsed.problems };
}

function firstNonUtf8Line(bytes: Buffer): number | undefined {
  if (isUtf8(bytes)) return undefined;
  const starts = lineStarts(bytes);
  const index = starts.findIndex((start, i) => !isUtf8(bytes.subarray(start, starts[i + 1] ?? bytes.length)));
  return index === -1 ? undefined : index + 1;
}

function lineOfByte(bytes: Buffer, offset: number): number {
  return lineStarts(bytes).filter((start) => start <= offset).length;
}

// Line starts as the parser counts them: CRLF, lone CR and LF each end a line (no UTF-8 sequence holds those bytes).
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 13 && bytes[i + 1] === 10) i++;
    if (byte === 10 || byte === 13) starts.push(i + 1);
  }
  return starts;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function errorText(error: unknown): string {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
