import { z } from 'zod';

// The loaders Stackdeck recognises in a service's own code.
export const ENV_LOADER_KINDS = ['python-dotenv', 'environs', 'pydantic-settings', 'python-decouple', 'node-dotenv', 'node-load-env-file'] as const;

// Where a loader looks for a file it names: the process's cwd, the calling file's folder, or upward from there.
export const PathBaseSchema = z.enum(['cwd', 'code', 'search-up-from-code', 'search-up-from-cwd']);

// A file named in a loader call, before it is placed on disk.
export const LoaderPathSchema = z.union([
  z.object({ name: z.string(), base: PathBaseSchema }),
  // An expression we cannot evaluate without running the code (BASE_DIR / '.env', os.getenv('ENV_FILE')).
  z.object({ expression: z.string() }),
]);
export type LoaderPath = z.infer<typeof LoaderPathSchema>;

// A loader call as read from one source text: no file system involved.
export const LoaderCallSchema = z.object({
  kind: z.enum(ENV_LOADER_KINDS),
  line: z.number().int().positive(),
  // The call as written, whitespace collapsed (shown in findings and in `stackdeck env`).
  call: z.string(),
  // True when the loader replaces variables already in the environment (the launcher's).
  override: z.boolean(),
  paths: z.array(LoaderPathSchema),
});
export type LoaderCall = z.infer<typeof LoaderCallSchema>;

// A loader placed on disk: the file it is written in and the env files it reads, as absolute paths.
export const EnvLoaderSchema = z.object({
  kind: z.enum(ENV_LOADER_KINDS),
  language: z.enum(['python', 'node']),
  file: z.string(),
  line: z.number().int().positive(),
  call: z.string(),
  override: z.boolean(),
  // In the order the loader reads them.
  files: z.array(z.string()),
  // Paths computed at run time, which no file in `files` stands for.
  unresolved: z.array(z.string()),
});
export type EnvLoader = z.infer<typeof EnvLoaderSchema>;
