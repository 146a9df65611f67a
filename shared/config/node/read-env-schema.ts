import { readFile, stat } from './fs-async.ts';
import type { Finding } from '../finding.ts';
import { parseEnvSchema, type EnvSchemaRead } from '../schema-file/env-schema.ts';
import { VariablesFileSchema } from '../schema-file/variables-file.ts';
import { MAX_ENV_FILE_BYTES, errorCode } from './read-env-file.ts';

const nothing = (path: string, message: string, suggestion: string): EnvSchemaRead => ({
  file: VariablesFileSchema.parse({}),
  problems: [{ rule: 'env-file-parse', severity: 'error', message, suggestion, file: path } satisfies Finding],
});

// Why: the stack loader names a .env.schema and gets declarations plus findings, never an exception, whatever is at the path.
export async function readEnvSchema(path: string): Promise<EnvSchemaRead> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return nothing(path, `${path} is not a regular file, but a varlock .env.schema was expected here`, 'Point Stackdeck at the .env.schema file itself');
    if (info.size > MAX_ENV_FILE_BYTES) return nothing(path, `${path} is ${(info.size / 1024 / 1024).toFixed(1)} MB; schema files over 1 MB are not read`, 'Is this really a .env.schema?');
    const bytes = await readFile(path);
    if (bytes.includes(0)) return nothing(path, `${path} holds binary data, not @env-spec text`, 'Replace it with a text .env.schema');
    return parseEnvSchema(bytes.toString('utf8'), path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return nothing(path, `${path} does not exist`, 'Create it, or remove the reference to it');
    return nothing(path, `${path} cannot be read: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error)}`, "Check the file's permissions");
  }
}
