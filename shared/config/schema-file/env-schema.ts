import { normaliseLineEndings } from '../env-file/grammar.ts';
import { LineIndex } from '../env-file/line-index.ts';
import { parseEnvText, type EnvFileEntry } from '../env-file/parse-env-text.ts';
import type { Finding } from '../finding.ts';
import { PROFILES, type Profile } from '../profile.ts';
import { coerceUnquoted, isDecoratorComment, parseDecoratorComment, specValueText, type SpecDecorator, type SpecValue } from './env-spec-decorators.ts';
import { mapSpecType, type TypeFields } from './env-spec-types.ts';
import { VariableDeclarationSchema, VariableKeySchema, VariablesFileSchema, type VariableDeclaration, type VariablesFile } from './variables-file.ts';

// Reads a varlock `.env.schema` (the @env-spec format) as a Stackdeck variables file, so a team that has one
// does not write its schema twice. Pure: the caller reads the file (see node/read-env-schema.ts).

export interface EnvSchemaRead {
  file: VariablesFile;
  problems: Finding[];
}

type Severity = Finding['severity'];
interface CommentLine { line: number; body: string }
interface Located { decorator: SpecDecorator; line: number }

const ENV_SPEC_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIVIDER = /^\s?(?:---|===)/;
const FUNCTION_VALUE = /^[A-Za-z][A-Za-z0-9_]*\(/;
const EXPANSION = /\$(?:[A-Za-z_{(])/;

const ROOT_DECORATORS = new Set([
  'currentEnv', 'envFlag', 'defaultRequired', 'defaultSensitive', 'defaultDynamic', 'disable', 'import', 'plugin', 'cache',
  'redactLogs', 'preventLeaks', 'encryptInjectedEnv', 'disableProcessEnvInjection', 'injectUndefinedAsEmpty', 'proxyConfig',
  'auditIgnorePaths', 'auditExtraPatterns', 'setValuesBulk', 'generateTypes', 'generateTsTypes', 'generatePythonEnv',
  'generateRustEnv', 'generateGoEnv', 'generatePhpEnv', 'generateJavaEnv', 'generateCsharpEnv',
]);
// Item decorators that change nothing Stackdeck models (tags, icons, proxying, audit, placeholders).
const INERT_ITEM_DECORATORS = new Set(['internal', 'dynamic', 'static', 'tag', 'icon', 'auditIgnore', 'placeholder', 'proxy']);
const ITEM_DECORATORS = new Set(['required', 'optional', 'sensitive', 'public', 'type', 'example', 'docs', 'docsUrl', 'deprecated', ...INERT_ITEM_DECORATORS]);

// The environment names teams give varlock's @currentEnv, read as Stackdeck's profiles.
const PROFILE_NAMES: Record<string, Profile> = {
  development: 'development', dev: 'development', develop: 'development', local: 'development',
  test: 'test', testing: 'test', ci: 'test',
  staging: 'staging', stage: 'staging', stg: 'staging', preview: 'staging',
  production: 'production', prod: 'production', prd: 'production', live: 'production',
};

interface FileDefaults {
  required: boolean | 'infer';
  sensitive: boolean | { publicPrefixes: string[] };
  hasCurrentEnv: boolean;
  disabled: boolean;
}

// Why: one call turns a .env.schema's text into declarations plus every problem with its line, and never throws.
export function parseEnvSchema(text: string, file: string): EnvSchemaRead {
  const normalised = normaliseLineEndings(text);
  const parsed = parseEnvText(normalised, file);
  const problems: Finding[] = [...parsed.problems];
  const problem = (line: number, key: string | undefined, severity: Severity, message: string, suggestion: string) =>
    problems.push({ rule: 'env-file-parse', severity, key, message, suggestion, file, line });

  const lines = new LineIndex(normalised);
  const entryAt = new Map<number, EnvFileEntry>();
  for (const entry of parsed.entries) entryAt.set(entry.line, entry);

  const defaults: FileDefaults = { required: true, sensitive: true, hasCurrentEnv: false, disabled: false };
  const variables: Record<string, VariableDeclaration> = {};
  let block: CommentLine[] = [];
  let seenItem = false;
  const endBlock = () => {
    if (seenItem) reportDetached(block, problem);
    else readHeader(block, defaults, problem);
    block = [];
  };

  for (let line = 1; line <= lines.lineCount; line++) {
    const entry = entryAt.get(line);
    if (entry) {
      // A comment block directly above the first item is that item's, not the header's.
      const declaration = readItem(entry, block, lines, defaults, problem);
      if (declaration) variables[entry.key] = declaration;
      block = [];
      seenItem = true;
      line = Math.max(line, entry.endLine);
      continue;
    }
    const text = lines.lineText(line).replace(/^\uFEFF/, '').trim();
    if (text.startsWith('#') && !DIVIDER.test(text.slice(1))) block.push({ line, body: text.slice(1) });
    else endBlock();
  }
  endBlock();

  if (defaults.disabled) return { file: VariablesFileSchema.parse({ variables: {} }), problems: sorted(problems) };
  const checked = VariablesFileSchema.safeParse({ variables });
  if (!checked.success) {
    problem(1, undefined, 'error', `${file} could not be read as a variables file: ${checked.error.issues[0]?.message ?? 'invalid'}`, 'Report this: every item is checked on its own first');
    return { file: VariablesFileSchema.parse({}), problems: sorted(problems) };
  }
  return { file: checked.data, problems: sorted(problems) };
}

function sorted(problems: Finding[]): Finding[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

type ProblemSink = (line: number, key: string | undefined, severity: Severity, message: string, suggestion: string) => void;

function decoratorsOf(comments: CommentLine[], key: string | undefined, problem: ProblemSink): { decorators: Located[]; descriptionLines: string[] } {
  const decorators: Located[] = [];
  const descriptionLines: string[] = [];
  for (const comment of comments) {
    if (!isDecoratorComment(comment.body)) {
      descriptionLines.push(comment.body.trim());
      continue;
    }
    const read = parseDecoratorComment(comment.body);
    decorators.push(...read.decorators.map((decorator) => ({ decorator, line: comment.line })));
    if (read.error) problem(comment.line, key, 'error', `Cannot read this decorator comment: ${read.error}`, 'Write decorators as @name, @name=value or @name(args); quote values that hold spaces');
  }
  return { decorators, descriptionLines };
}

function readHeader(block: CommentLine[], defaults: FileDefaults, problem: ProblemSink): void {
  for (const { decorator, line } of decoratorsOf(block, undefined, problem).decorators) {
    const { name, value } = decorator;
    if (name === 'defaultRequired') {
      const setting = value.kind === 'static' ? value.value : undefined;
      if (setting === true || setting === false || setting === 'infer') defaults.required = setting;
      else problem(line, undefined, 'error', `@defaultRequired=${specValueText(value)} is not true, false or infer`, 'Write @defaultRequired=true, false or infer');
    } else if (name === 'defaultSensitive') {
      if (value.kind === 'static' && typeof value.value === 'boolean') defaults.sensitive = value.value;
      else if (value.kind === 'call' && value.name === 'inferFromPrefix' && value.args.length > 0 && value.args.every((arg) => arg.kind === 'static')) {
        defaults.sensitive = { publicPrefixes: value.args.map(specValueText) };
      } else problem(line, undefined, 'error', `@defaultSensitive=${specValueText(value)} is not true, false or inferFromPrefix(PREFIX)`, 'Write @defaultSensitive=false or @defaultSensitive=inferFromPrefix(PUBLIC_)');
    } else if (name === 'currentEnv' || name === 'envFlag') {
      defaults.hasCurrentEnv = true;
    } else if (name === 'disable') {
      if (value.kind === 'static' && value.value === true) {
        defaults.disabled = true;
        problem(line, undefined, 'info', '@disable: varlock skips this file, so no variables are read from it', 'Remove @disable to use the file');
      } else if (!(value.kind === 'static' && value.value === false)) {
        problem(line, undefined, 'warning', `@disable=${specValueText(value)} depends on the environment; Stackdeck reads the file in every profile`, 'Use @disable or @disable=false');
      }
    } else if (name === 'import') {
      problem(line, undefined, 'warning', `the @import decorator (${value.kind === 'call' ? value.args.map(specValueText).join(', ') : ''}) is not followed: items declared only in the imported file are not read`, 'Point Stackdeck at the imported schema too, or declare the items here');
    } else if (ITEM_DECORATORS.has(name) || name === 'description') {
      problem(line, undefined, 'error', `Item decorator @${name} cannot be used in the file header: it must be directly above an item`, 'Move it to the comment lines right above the item it describes');
    } else if (!ROOT_DECORATORS.has(name)) {
      problem(line, undefined, 'error', `Unknown decorator @${name} in the file header`, 'Check the spelling; known ones include @defaultRequired, @defaultSensitive, @currentEnv, @import, @plugin');
    }
  }
}

// Varlock refuses decorators that are attached to nothing (a blank line or divider between them and the item).
function reportDetached(block: CommentLine[], problem: ProblemSink): void {
  for (const comment of block) {
    if (isDecoratorComment(comment.body)) {
      problem(comment.line, undefined, 'error', 'These decorators are in a detached comment block: a blank line or divider separates them from the next item, so they apply to nothing',
        'Remove the blank line between the decorators and the item, or move root decorators into the header before the first item');
    }
  }
}

interface ItemValue {
  // The value as varlock sees it when it is a literal; undefined for no value.
  literal: string | number | boolean | undefined;
  computed: boolean;
}

// Why: only a literal is a default; a function call or $REFERENCE is computed by varlock at load time.
function itemValue(entry: EnvFileEntry): ItemValue {
  if (entry.quote === "'") return { literal: entry.value, computed: false };
  if (entry.quote === null) {
    const word = entry.value.trim();
    if (word === '') return { literal: undefined, computed: false };
    if (FUNCTION_VALUE.test(word) || EXPANSION.test(word)) return { literal: undefined, computed: true };
    return { literal: coerceUnquoted(word), computed: false };
  }
  if (EXPANSION.test(entry.value)) return { literal: undefined, computed: true };
  return { literal: entry.value, computed: false };
}

// The comment after an item's value on its last line (`KEY=value # @required`), which may hold decorators.
function postComment(entry: EnvFileEntry, lines: LineIndex): CommentLine | undefined {
  const text = lines.lineText(entry.endLine);
  let rest: string;
  if (entry.endLine > entry.line) {
    rest = text.slice(text.lastIndexOf(entry.quote ?? '\n') + 1);
  } else {
    const afterKey = /^\s*(?:export\s+)?[\w.-]+(?:\s*=\s*|:\s+)/.exec(text);
    rest = afterKey ? text.slice(afterKey[0].length) : '';
    if (entry.quote !== null) {
      const quote = entry.quote;
      const start = rest.indexOf(quote);
      let close = start + 1;
      while (close < rest.length && !(rest[close] === quote && rest[close - 1] !== '\\')) close++;
      rest = rest.slice(close + 1);
    }
  }
  const hash = rest.indexOf('#');
  return hash === -1 ? undefined : { line: entry.endLine, body: rest.slice(hash + 1) };
}

type RequiredSetting = boolean | Profile[];

function readItem(entry: EnvFileEntry, block: CommentLine[], lines: LineIndex, defaults: FileDefaults, problem: ProblemSink): VariableDeclaration | undefined {
  const { key } = entry;
  if (!VariableKeySchema.safeParse(key).success) return undefined;
  if (!ENV_SPEC_KEY.test(key)) {
    problem(entry.line, key, 'error', `${key}: an @env-spec key is letters, digits and '_' and does not start with a digit, so varlock refuses it`, `Rename it, e.g. ${key.replace(/[^A-Za-z0-9_]/g, '_')}`);
  }
  const post = postComment(entry, lines);
  const comments = post && isDecoratorComment(post.body) ? [...block, post] : block;
  const { decorators, descriptionLines } = decoratorsOf(comments, key, problem);
  const value = itemValue(entry);
  const defaultText = value.literal === undefined ? undefined : String(value.literal);
  if (value.computed) {
    problem(entry.line, key, 'info', `${key}'s value in the schema is computed by varlock (a function call or $reference), so Stackdeck has no default for it`, 'Set it in an env file Stackdeck reads, or give a literal default');
  }

  let required: RequiredSetting | undefined;
  let requiredBy: string | undefined;
  let secret: boolean | undefined;
  let typeFields: TypeFields | undefined;
  let deprecated: VariableDeclaration['deprecated'];
  const extraDescription: string[] = [];
  let ownDescription: string | undefined;

  for (const { decorator, line } of decorators) {
    const { name, value: setting } = decorator;
    const say = (severity: Severity, message: string, suggestion: string) => problem(line, key, severity, message, suggestion);
    switch (name) {
      case 'required':
      case 'optional': {
        if (requiredBy !== undefined && requiredBy !== name) {
          say('error', `${key} has both @required and @optional; varlock refuses the pair`, 'Keep one of them');
          break;
        }
        const read = requiredSettingOf(setting, defaults, say);
        if (read === undefined) break;
        requiredBy = name;
        required = name === 'required' ? read : invertRequired(read);
        break;
      }
      case 'sensitive':
      case 'public': {
        if (setting.kind === 'static' && typeof setting.value === 'boolean') {
          secret = name === 'sensitive' ? setting.value : !setting.value;
        } else if (setting.kind === 'call' && setting.name === 'forEnv') {
          secret = true;
          say('info', `@${name}=${specValueText(setting)} depends on the environment; Stackdeck masks ${key} in every profile`, 'Nothing to do: masking more is the safe side');
        } else {
          say('error', `@${name}=${specValueText(setting)} is not true or false`, `Write @${name} or @${name}=false`);
        }
        break;
      }
      case 'type': {
        const mapped = mapSpecType(setting, defaultText);
        typeFields = mapped.fields;
        for (const note of mapped.notes) say(note.severity, `${key}: ${note.message}`, note.suggestion);
        break;
      }
      case 'example':
        extraDescription.push(`Example: ${specValueText(setting)}`);
        break;
      case 'docs':
      case 'docsUrl': {
        const parts = setting.kind === 'call' ? setting.args.map(specValueText) : [specValueText(setting)];
        const url = parts[parts.length - 1];
        if (parts.length === 0 || parts.length > 2 || url === undefined) say('error', `@${name} takes a URL, or a label and a URL`, `Write @docs(https://...) or @docs("Label", https://...)`);
        else extraDescription.push(parts.length === 2 ? `Docs: ${parts[0]} ${url}` : `Docs: ${url}`);
        break;
      }
      case 'deprecated':
        if (setting.kind === 'static' && setting.value === true) deprecated = true;
        else if (setting.kind === 'static' && typeof setting.value === 'string') deprecated = { message: setting.value };
        else if (!(setting.kind === 'static' && setting.value === false)) say('error', `@deprecated=${specValueText(setting)} is not true, false or a message`, 'Write @deprecated or @deprecated="use NEW_NAME instead"');
        break;
      case 'description':
        ownDescription = specValueText(setting);
        say('error', '@description is not a varlock decorator, so varlock refuses the file; Stackdeck uses it as the description', 'Write the description as a plain comment line above the item');
        break;
      default:
        if (INERT_ITEM_DECORATORS.has(name)) break;
        if (ROOT_DECORATORS.has(name)) say('error', `Root decorator @${name} must be in the file header, before the first item`, 'Move it above the first item, and end the header with # ---');
        else say('error', `Unknown decorator @${name}`, 'Check the spelling; item decorators are @required, @optional, @sensitive, @public, @type, @example, @docs, @deprecated');
    }
  }

  const hasValue = value.computed || (value.literal !== undefined && value.literal !== '');
  const finalRequired: RequiredSetting = required ?? (defaults.required === 'infer' ? hasValue : defaults.required);
  const finalSecret = secret ?? defaultSensitivity(key, defaults.sensitive);
  const fields: TypeFields = typeFields ?? inferredType(value);
  const description = [ownDescription ?? descriptionLines.join('\n'), ...extraDescription].filter((part) => part !== '').join('\n');
  const meta = {
    required: finalRequired,
    secret: finalSecret,
    ...(defaultText !== undefined ? { default: defaultText } : {}),
    ...(description !== '' ? { description } : {}),
    ...(deprecated !== undefined ? { deprecated } : {}),
  };
  const declared = VariableDeclarationSchema.safeParse({ ...fields, ...meta });
  if (declared.success) return declared.data;
  problem(entry.line, key, 'warning', `${key}'s @type settings do not fit Stackdeck's ${fields.type} type (${declared.error.issues[0]?.message ?? 'invalid'}), so it is checked as a plain string`, 'Varlock still checks it when it loads the file');
  return VariableDeclarationSchema.parse({ type: 'string', ...meta });
}

function requiredSettingOf(setting: SpecValue, defaults: FileDefaults, say: (severity: Severity, message: string, suggestion: string) => void): RequiredSetting | undefined {
  if (setting.kind === 'static' && typeof setting.value === 'boolean') return setting.value;
  if (setting.kind === 'call' && setting.name === 'forEnv') {
    if (!defaults.hasCurrentEnv) say('error', 'forEnv() needs @currentEnv in the header; without it varlock cannot tell the environment', 'Add # @currentEnv=$APP_ENV to the header');
    const profiles = new Set<Profile>();
    for (const arg of setting.args) {
      const profile = PROFILE_NAMES[specValueText(arg).toLowerCase()];
      if (profile) profiles.add(profile);
      else say('warning', `forEnv(${specValueText(arg)}): no Stackdeck profile is named like '${specValueText(arg)}', so that environment is left out`, `Stackdeck's profiles are ${PROFILES.join(', ')} (dev, prod, stage... are read too)`);
    }
    return simplified(PROFILES.filter((profile) => profiles.has(profile)));
  }
  say('warning', `${specValueText(setting)} decides this in varlock at load time, which Stackdeck cannot express; the file's default is used`, 'Use true, false or forEnv(env, ...)');
  return undefined;
}

function invertRequired(required: RequiredSetting): RequiredSetting {
  if (typeof required === 'boolean') return !required;
  return simplified(PROFILES.filter((profile) => !required.includes(profile)));
}

// No profile is `false` and every profile is `true`: the plain forms read better in every report.
function simplified(profiles: Profile[]): RequiredSetting {
  if (profiles.length === 0) return false;
  return profiles.length === PROFILES.length ? true : profiles;
}

function defaultSensitivity(key: string, setting: FileDefaults['sensitive']): boolean {
  if (typeof setting === 'boolean') return setting;
  return !setting.publicPrefixes.some((prefix) => key.startsWith(prefix));
}

// Without @type, varlock types an item by its literal: an unquoted 3000 is a number, true a boolean.
function inferredType(value: ItemValue): TypeFields {
  if (typeof value.literal === 'number') return { type: 'number' };
  if (typeof value.literal === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}
