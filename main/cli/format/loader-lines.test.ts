import { describe, expect, it } from 'vitest';
import type { EnvLoader } from '../../../shared/config/env-loaders/env-loader.ts';
import { loaderLines, shownLoaders } from './loader-lines.ts';

const plain = (_style: unknown, text: string) => text;
const shown = (path: string) => path.replace('/repo/', '');
const loader = (extra: Partial<EnvLoader>): EnvLoader => ({
  kind: 'python-dotenv', language: 'python', file: '/repo/app/main.py', line: 5, call: "load_dotenv('.env', override=True)", override: true,
  files: ['/repo/.env'], unresolved: [], ...extra,
});

describe('loaderLines', () => {
  it('says which side wins for each loader, with its place and call as written', () => {
    expect(loaderLines([
      loader({}),
      loader({ line: 9, call: 'load_dotenv()', override: false, files: ['/repo/app/.env'] }),
      loader({ line: 12, call: "load_dotenv(BASE_DIR / '.env', override=True)", files: [], unresolved: ["BASE_DIR / '.env'"] }),
    ], shown, plain)).toBe([
      "loaded by the service: app/main.py:5 load_dotenv('.env', override=True): .env beats the launcher",
      'loaded by the service: app/main.py:9 load_dotenv(): the launcher beats app/.env (the file only fills what is unset)',
      "loaded by the service: app/main.py:12 load_dotenv(BASE_DIR / '.env', override=True): a path computed at run time (BASE_DIR / '.env') beats the launcher",
      '',
    ].join('\n'));
    expect(loaderLines([], shown, plain)).toBe('');
  });

  it('shows paths as the user reads them in JSON', () => {
    expect(shownLoaders([loader({})], shown)).toEqual([loader({ file: 'app/main.py', files: ['.env'] })]);
  });
});
