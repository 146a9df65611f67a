import type { EnvLoader } from '../../../shared/config/env-loaders/env-loader.ts';
import type { Style } from '../io.ts';

// Loaders with paths as the user reads them, for JSON output.
export function shownLoaders(loaders: readonly EnvLoader[], displayPath: (path: string) => string): EnvLoader[] {
  return loaders.map((loader) => ({ ...loader, file: displayPath(loader.file), files: loader.files.map(displayPath) }));
}

// Why: the effective order changes when a service loads env files itself; `stackdeck env` says so above the variables.
export function loaderLines(loaders: readonly EnvLoader[], displayPath: (path: string) => string, paint: (style: Style, text: string) => string): string {
  return loaders.map((loader) => {
    const files = [...loader.files.map(displayPath), ...loader.unresolved.map((expression) => `a path computed at run time (${expression})`)];
    const named = files.length > 0 ? files.join(', ') : 'its files';
    const order = loader.override
      ? paint('yellow', `${named} beats the launcher`)
      : paint('dim', `the launcher beats ${named} (the file only fills what is unset)`);
    return `${paint('dim', 'loaded by the service:')} ${displayPath(loader.file)}:${loader.line} ${loader.call}: ${order}\n`;
  }).join('');
}
