// The @env-spec decorator language (varlock's .env.schema): `# @name`, `# @name=value`, `# @name(args)`.
// Values follow env-spec's common value rules: quoted strings, unquoted words (true/false/undefined/numbers
// coerced), $REF references, fn(args) calls with positional or key=value arguments, and [a, b] lists.

export type SpecValue =
  | { kind: 'static'; value: string | number | boolean | undefined; quoted: boolean }
  | { kind: 'ref'; name: string }
  | { kind: 'call'; name: string; args: SpecValue[]; named: Record<string, SpecValue> }
  | { kind: 'list'; items: SpecValue[] };

export interface SpecDecorator {
  name: string;
  // `@name` alone is `@name=true`; `@name(args)` is a call whose name is the decorator's.
  value: SpecValue;
  form: 'bare' | 'assigned' | 'call';
}

export interface ParsedDecoratorComment {
  decorators: SpecDecorator[];
  // Why the rest of the comment could not be read, when it could not.
  error?: string;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /^-?(0|[1-9][0-9]*)?(\.[0-9]+)?$/;

// Why: env-spec coerces unquoted words as JavaScript values, and a type inferred from them (3000 is a number) follows.
export function coerceUnquoted(word: string): string | number | boolean | undefined {
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'undefined') return undefined;
  if (word !== '' && word !== '-' && NUMBER.test(word)) {
    const number = Number(word);
    if (String(number) === word && Number.isSafeInteger(Math.trunc(number)) && Number.isFinite(number)) return number;
  }
  return word;
}

// A decorator comment is one whose text starts with '@'; a regular comment's '@' words are ignored.
export function isDecoratorComment(commentText: string): boolean {
  return commentText.trimStart().startsWith('@');
}

// Why: one reader for header, item and post-value comments, which never throws on what a user typed.
export function parseDecoratorComment(commentText: string): ParsedDecoratorComment {
  const reader = new Reader(commentText);
  const decorators: SpecDecorator[] = [];
  try {
    for (;;) {
      reader.skipSpaces();
      if (reader.done() || reader.peek() === '#') break;
      if (reader.peek() !== '@') throw new SyntaxError(`expected a decorator starting with '@' at "${excerpt(reader.rest())}"`);
      reader.advance(1);
      const name = reader.match(NAME);
      if (name === undefined) throw new SyntaxError(`'@' must be followed by a decorator name at "${excerpt(reader.rest())}"`);
      if (reader.peek() === '(') {
        decorators.push({ name, value: reader.callArguments(name), form: 'call' });
      } else if (reader.peek() === '=') {
        reader.advance(1);
        if (reader.done() || /\s/.test(reader.peek())) throw new SyntaxError(`@${name}= has no value`);
        decorators.push({ name, value: reader.value('decorator'), form: 'assigned' });
      } else {
        decorators.push({ name, value: { kind: 'static', value: true, quoted: false }, form: 'bare' });
      }
      if (!reader.done() && !/\s/.test(reader.peek())) throw new SyntaxError(`unexpected "${excerpt(reader.rest())}" after @${name}`);
    }
  } catch (error) {
    return { decorators, error: error instanceof Error ? error.message : String(error) };
  }
  return { decorators };
}

function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// A cursor over one comment line; every read either advances or throws a SyntaxError with a readable message.
class Reader {
  private position = 0;

  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  done(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text[this.position] ?? '';
  }

  rest(): string {
    return this.text.slice(this.position);
  }

  advance(count: number): void {
    this.position += count;
  }

  skipSpaces(): void {
    while (!this.done() && /\s/.test(this.peek())) this.position++;
  }

  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.position += found[0].length;
    return found[0];
  }

  // `where` decides which characters end an unquoted word: spaces and '#' in a decorator, also ',', ')' and ']' in arguments.
  value(where: 'decorator' | 'argument'): SpecValue {
    const first = this.peek();
    if (first === '"' || first === "'" || first === '`') return { kind: 'static', value: this.quoted(first), quoted: true };
    if (first === '[') return this.list();
    const start = this.position;
    const name = this.match(/[A-Za-z][A-Za-z0-9_]*(?=\()/y);
    if (name !== undefined) return this.callArguments(name);
    this.position = start;
    const stop = where === 'decorator' ? /[\s#]/ : /[\s,)\]]/;
    while (!this.done() && !stop.test(this.peek())) {
      if ('"\'`('.includes(this.peek())) throw new SyntaxError(`unexpected ${this.peek()} inside the unquoted value "${excerpt(this.text.slice(start))}"; quote the whole value`);
      this.position++;
    }
    const word = this.text.slice(start, this.position);
    if (word === '') throw new SyntaxError(`a value is missing at "${excerpt(this.rest())}"`);
    const ref = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(word);
    if (ref?.[1]) return { kind: 'ref', name: ref[1] };
    return { kind: 'static', value: coerceUnquoted(word), quoted: false };
  }

  private quoted(quote: string): string {
    let result = '';
    this.position++;
    while (!this.done()) {
      const char = this.peek();
      if (char === '\\' && this.text[this.position + 1] === quote) {
        result += quote;
        this.position += 2;
        continue;
      }
      if (char === quote) {
        this.position++;
        return quote === '"' ? result.replace(/\\n/g, '\n') : result;
      }
      result += char;
      this.position++;
    }
    throw new SyntaxError(`the ${quote} quote opened in "${excerpt(this.text)}" is never closed on this line`);
  }

  private list(): SpecValue {
    this.position++;
    const items: SpecValue[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.peek() === ']') {
        this.position++;
        return { kind: 'list', items };
      }
      if (this.done()) throw new SyntaxError(`a '[' list is never closed`);
      items.push(this.value('argument'));
      this.skipSpaces();
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== ']') throw new SyntaxError(`expected ',' or ']' in a list at "${excerpt(this.rest())}"`);
    }
  }

  callArguments(name: string): SpecValue {
    this.position++;
    const args: SpecValue[] = [];
    const named: Record<string, SpecValue> = {};
    for (;;) {
      this.skipSpaces();
      if (this.peek() === ')') {
        this.position++;
        return { kind: 'call', name, args, named };
      }
      if (this.done()) throw new SyntaxError(`${name}( is never closed with ')'`);
      const start = this.position;
      const key = this.match(/[A-Za-z_][A-Za-z0-9_]*(?=\s*=)/y);
      if (key !== undefined) {
        this.skipSpaces();
        this.position++;
        this.skipSpaces();
        named[key] = this.value('argument');
      } else {
        this.position = start;
        args.push(this.value('argument'));
      }
      this.skipSpaces();
      if (this.done()) throw new SyntaxError(`${name}( is never closed with ')'`);
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== ')') throw new SyntaxError(`expected ',' or ')' in ${name}(...) at "${excerpt(this.rest())}"`);
    }
  }
}

// The text of a value, for messages and for values Stackdeck keeps as strings (enum options, URLs).
export function specValueText(value: SpecValue): string {
  switch (value.kind) {
    case 'static': return value.value === undefined ? 'undefined' : String(value.value);
    case 'ref': return `$${value.name}`;
    case 'list': return `[${value.items.map(specValueText).join(', ')}]`;
    case 'call': return `${value.name}(${[...value.args.map(specValueText), ...Object.entries(value.named).map(([k, v]) => `${k}=${specValueText(v)}`)].join(', ')})`;
  }
}
