import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSource } from './code-mask.ts';
import { findLoaderCalls, languageOf } from './find-loader-calls.ts';

const brief = (text: string, language: 'python' | 'node') =>
  findLoaderCalls(text, language).map(({ kind, line, override, paths }) => ({ kind, line, override, paths }));

describe('python-dotenv', () => {
  it('reads load_dotenv in its common forms: quotes, keywords in any order, positional override, multi-line', () => {
    const text = [
      'import os',
      'from dotenv import load_dotenv, find_dotenv',
      'load_dotenv()',
      "load_dotenv('.env.local', override=True)",
      'load_dotenv(override=True, dotenv_path=".env.prod")',
      'dotenv.load_dotenv(',
      '    dotenv_path="config/.env",',
      '    override=True,',
      ')',
      "load_dotenv('.env', None, False, True)",
      'load_dotenv(find_dotenv(".env.test"))',
      'load_dotenv(find_dotenv(usecwd=True), override=False)',
      "load_dotenv(Path(__file__).resolve().parent.parent / '.env')",
      "load_dotenv(os.path.join(os.path.dirname(__file__), 'settings', '.env'))",
      "load_dotenv(BASE_DIR / '.env', override=True)",
    ].join('\n');
    expect(brief(text, 'python')).toEqual([
      { kind: 'python-dotenv', line: 3, override: false, paths: [{ name: '.env', base: 'search-up-from-code' }] },
      { kind: 'python-dotenv', line: 4, override: true, paths: [{ name: '.env.local', base: 'cwd' }] },
      { kind: 'python-dotenv', line: 5, override: true, paths: [{ name: '.env.prod', base: 'cwd' }] },
      { kind: 'python-dotenv', line: 6, override: true, paths: [{ name: 'config/.env', base: 'cwd' }] },
      { kind: 'python-dotenv', line: 10, override: true, paths: [{ name: '.env', base: 'cwd' }] },
      { kind: 'python-dotenv', line: 11, override: false, paths: [{ name: '.env.test', base: 'search-up-from-code' }] },
      { kind: 'python-dotenv', line: 12, override: false, paths: [{ name: '.env', base: 'search-up-from-cwd' }] },
      { kind: 'python-dotenv', line: 13, override: false, paths: [{ name: '../.env', base: 'code' }] },
      { kind: 'python-dotenv', line: 14, override: false, paths: [{ name: 'settings/.env', base: 'code' }] },
      { kind: 'python-dotenv', line: 15, override: true, paths: [{ expression: "BASE_DIR / '.env'" }] },
    ]);
  });

  it('ignores calls in comments, strings and docstrings, and names that only end in load_dotenv', () => {
    const text = [
      '# load_dotenv(override=True)',
      '"""',
      'Call load_dotenv(override=True) before anything else.',
      '"""',
      "print('load_dotenv(override=True)')",
      'my_load_dotenv(override=True)',
      "x = 1  # load_dotenv('.env', override=True)",
      "load_dotenv(override=True)  # the real one",
    ].join('\n');
    expect(brief(text, 'python')).toEqual([{ kind: 'python-dotenv', line: 8, override: true, paths: [{ name: '.env', base: 'search-up-from-code' }] }]);
  });

  it('keeps the call as written, short, for messages', () => {
    const [call] = findLoaderCalls("load_dotenv(\n    '.env',\n    override=True,\n)\n", 'python');
    expect(call?.call).toBe("load_dotenv('.env', override=True)");
  });
});

describe('pydantic-settings, environs, python-decouple', () => {
  it('reads env_file from SettingsConfigDict, class Config, a dict and _env_file, never as an override', () => {
    const text = [
      'from pydantic_settings import BaseSettings, SettingsConfigDict',
      'class Settings(BaseSettings):',
      "    model_config = SettingsConfigDict(env_prefix='APP_', env_file='.env', extra='ignore')",
      'class Old(BaseSettings):',
      '    class Config:',
      '        env_file = ".env.old"',
      "class Many(BaseSettings):",
      "    model_config = SettingsConfigDict(",
      "        env_file=('.env', '.env.prod'),",
      "    )",
      "class Plain(BaseSettings):",
      "    model_config = {'env_file': 'plain.env'}",
      "settings = Settings(_env_file='.env.test')",
      "class NoFile(BaseSettings):",
      "    model_config = SettingsConfigDict(env_file=None)",
    ].join('\n');
    expect(brief(text, 'python')).toEqual([
      { kind: 'pydantic-settings', line: 3, override: false, paths: [{ name: '.env', base: 'cwd' }] },
      { kind: 'pydantic-settings', line: 6, override: false, paths: [{ name: '.env.old', base: 'cwd' }] },
      { kind: 'pydantic-settings', line: 9, override: false, paths: [{ name: '.env', base: 'cwd' }, { name: '.env.prod', base: 'cwd' }] },
      { kind: 'pydantic-settings', line: 12, override: false, paths: [{ name: 'plain.env', base: 'cwd' }] },
      { kind: 'pydantic-settings', line: 13, override: false, paths: [{ name: '.env.test', base: 'cwd' }] },
    ]);
  });

  it('reads environs read_env with its override and recursion, only where environs is imported', () => {
    const text = ['from environs import Env', 'env = Env()', 'env.read_env()', "env.read_env('.env.local', override=True)", "env.read_env(path='x.env', recurse=False)"].join('\n');
    expect(brief(text, 'python')).toEqual([
      { kind: 'environs', line: 3, override: false, paths: [{ name: '.env', base: 'search-up-from-code' }] },
      { kind: 'environs', line: 4, override: true, paths: [{ name: '.env.local', base: 'search-up-from-cwd' }] },
      { kind: 'environs', line: 5, override: false, paths: [{ name: 'x.env', base: 'cwd' }] },
    ]);
    expect(brief('cache.read_env()\n', 'python')).toEqual([]);
  });

  it('reads a python-decouple import as a loader that never overrides', () => {
    expect(brief('import os\nfrom decouple import config, Csv\nPORT = config("PORT", cast=int)\n', 'python')).toEqual([
      { kind: 'python-decouple', line: 2, override: false, paths: [{ name: '.env', base: 'search-up-from-code' }] },
    ]);
  });
});

describe('node', () => {
  it('reads dotenv in each way of importing it, quotes and option order as written', () => {
    const text = [
      "import 'dotenv/config';",
      "import dotenv from 'dotenv';",
      'import { config as loadEnv } from "dotenv";',
      "const { config } = require('dotenv');",
      'dotenv.config();',
      "dotenv.config({ override: true, path: '.env.local' });",
      'loadEnv({',
      "  path: ['.env.development', \".env\"],",
      '  override: true,',
      '});',
      "require('dotenv').config({ path: path.resolve(__dirname, '../.env'), override: true })",
      "config({ path: new URL('.env', import.meta.url), override: false })",
      'require("dotenv/config")',
      'other.config({ override: true })',
      "dotenv.config({ path: process.env.ENV_FILE, 'override': true })",
    ].join('\n');
    expect(brief(text, 'node')).toEqual([
      { kind: 'node-dotenv', line: 1, override: false, paths: [{ name: '.env', base: 'cwd' }] },
      { kind: 'node-dotenv', line: 5, override: false, paths: [{ name: '.env', base: 'cwd' }] },
      { kind: 'node-dotenv', line: 6, override: true, paths: [{ name: '.env.local', base: 'cwd' }] },
      { kind: 'node-dotenv', line: 7, override: true, paths: [{ name: '.env.development', base: 'cwd' }, { name: '.env', base: 'cwd' }] },
      { kind: 'node-dotenv', line: 11, override: true, paths: [{ name: '../.env', base: 'code' }] },
      { kind: 'node-dotenv', line: 12, override: false, paths: [{ name: '.env', base: 'code' }] },
      { kind: 'node-dotenv', line: 13, override: false, paths: [{ name: '.env', base: 'cwd' }] },
      { kind: 'node-dotenv', line: 15, override: true, paths: [{ expression: 'process.env.ENV_FILE' }] },
    ]);
  });

  it("reads process.loadEnvFile, Node's own loader, which never overrides", () => {
    expect(brief("process.loadEnvFile();\nprocess.loadEnvFile('.env.local')\nprocess.loadEnvFile(join(import.meta.dirname, '.env'))\n", 'node')).toEqual([
      { kind: 'node-load-env-file', line: 1, override: false, paths: [{ name: '.env', base: 'cwd' }] },
      { kind: 'node-load-env-file', line: 2, override: false, paths: [{ name: '.env.local', base: 'cwd' }] },
      { kind: 'node-load-env-file', line: 3, override: false, paths: [{ name: '.env', base: 'code' }] },
    ]);
  });

  it('ignores commented-out calls, calls in strings, and config() of anything but dotenv', () => {
    const text = [
      "import dotenv from 'dotenv';",
      "// dotenv.config({ override: true })",
      "/* dotenv.config({ override: true })",
      "   process.loadEnvFile() */",
      "const help = 'dotenv.config({ override: true })';",
      'const more = `process.loadEnvFile()`;',
      "import { config } from './config.js';",
      'config({ override: true });',
    ].join('\n');
    expect(brief(text, 'node')).toEqual([]);
  });
});

describe('maskSource', () => {
  it('keeps every offset: both views are as long as the text and break lines where it does', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '#', '"', "'", '`', '/', '*', '\\', '(', ')') }), fc.constantFrom('python' as const, 'node' as const), (text, language) => {
      const { code, bare } = maskSource(text, language);
      expect(code.length).toBe(text.length);
      expect(bare.length).toBe(text.length);
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') expect([code[i], bare[i]]).toEqual(['\n', '\n']);
    }));
  });

  it('never finds a loader in text that sits wholly inside a comment', () => {
    fc.assert(fc.property(fc.string().filter((body) => !body.includes('\n')), (body) => {
      expect(findLoaderCalls(`# load_dotenv(override=True) ${body}\n`, 'python')).toEqual([]);
      expect(findLoaderCalls(`// require('dotenv').config({ override: true }) ${body}\n`, 'node')).toEqual([]);
    }));
  });
});

describe('languageOf', () => {
  it('knows Python and JavaScript/TypeScript sources, not declarations or other files', () => {
    expect(['a.py', 'a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.tsx', 'a.d.ts', 'a.json', 'a.pyc'].map(languageOf)).toEqual(
      ['python', 'node', 'node', 'node', 'node', 'node', 'node', undefined, undefined, undefined],
    );
  });
});
