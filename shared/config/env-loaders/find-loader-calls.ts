import { maskSource, type SourceLanguage } from './code-mask.ts';
import type { LoaderCall } from './env-loader.ts';
import { findNodeLoaderCalls } from './node-loaders.ts';
import { findPythonLoaderCalls } from './python-loaders.ts';

// Words without which a source file holds no loader we know: most files are skipped without parsing.
const TRIGGERS: Record<SourceLanguage, RegExp> = {
  python: /load_dotenv|read_env|env_file|decouple/,
  node: /dotenv|loadEnvFile/,
};

// Why: what a service does to its own environment after start is read from its code, never by running it.
export function findLoaderCalls(text: string, language: SourceLanguage): LoaderCall[] {
  if (!TRIGGERS[language].test(text)) return [];
  const source = maskSource(text, language);
  return language === 'python' ? findPythonLoaderCalls(source) : findNodeLoaderCalls(source);
}

// The language of a source file by its extension; undefined for files no loader lives in.
export function languageOf(path: string): SourceLanguage | undefined {
  if (/\.py$/.test(path)) return 'python';
  if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(path) && !/\.d\.[cm]?ts$/.test(path)) return 'node';
  return undefined;
}
