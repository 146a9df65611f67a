import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandReferences, parseArgument, substituteCommand } from './command-variables.ts';
import { StackFileSchema } from './stack-file-schema.ts';

const VALUES = { PORT: '8123', HOST: '127.0.0.1', 'APP.NAME': 'demo', EMPTY: '' };

describe('substituteCommand', () => {
  it('substitutes ${NAME} and $NAME inside each argument, keeps $$ as one $ and a $ before anything else as written', () => {
    const command = ['uvicorn', 'app:app', '--port', '${PORT}', '--host=$HOST', '${APP.NAME}-$PORT', 'cost: $$5', '^end$', '$1', 'a$', '[$EMPTY]', '$PORTX'];
    expect(substituteCommand('api', command, { ...VALUES, PORTX: 'x' })).toEqual({
      ok: true,
      args: ['uvicorn', 'app:app', '--port', '8123', '--host=127.0.0.1', 'demo-8123', 'cost: $5', '^end$', '$1', 'a$', '[]', 'x'],
    });
  });

  it('refuses a variable the service does not have, naming the service, the argument and the variable, and the near name', () => {
    expect(substituteCommand('api', ['node', 'server.js', '--port', '${PROT}'], VALUES)).toEqual({
      ok: false, index: 3, variable: 'PROT',
      message: 'api: command[3] ("${PROT}") refers to PROT, which api does not have (did you mean PORT?); set it in one of its env files or drop the reference',
    });
    expect(substituteCommand('api', ['run', '--db=$DATABASE_URL'], VALUES)).toMatchObject({ ok: false, index: 1, variable: 'DATABASE_URL' });
  });

  it('refuses shell forms it does not do rather than passing them on half-read', () => {
    for (const argument of ['${PORT', '${PORT:-8000}', '${}', '${1X}', '$(${PORT})}x${']) {
      const result = substituteCommand('api', ['run', argument], VALUES);
      expect(result.ok, argument).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^api: command\[1\] /);
    }
  });

  it('never reads a value as a reference: substitution is one pass, so a value holding $X or ; arrives as written', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (value, literal) => {
      const escaped = literal.replaceAll('$', () => '$$');
      const result = substituteCommand('api', [`${escaped}\${V}${escaped}`], { V: value });
      expect(result).toEqual({ ok: true, args: [`${literal}${value}${literal}`] });
    }));
  });

  it('leaves an argument without $ exactly as it is', () => {
    fc.assert(fc.property(fc.array(fc.string().filter((text) => !text.includes('$'))), (command) => {
      expect(substituteCommand('api', command, {})).toEqual({ ok: true, args: command });
    }));
  });
});

describe('commandReferences and parseArgument', () => {
  it('lists each reference with its argument index', () => {
    expect(commandReferences(['node', '--port=${PORT}', '$HOST:$PORT', '$$HOME'])).toEqual([
      { index: 1, variable: 'PORT' }, { index: 2, variable: 'HOST' }, { index: 2, variable: 'PORT' },
    ]);
    expect(parseArgument('')).toEqual({ ok: true, parts: [{ text: '' }] });
  });
});

describe('the stack file schema', () => {
  it('refuses a malformed reference at load time, at the argument that holds it', () => {
    const parsed = StackFileSchema.safeParse({ services: { api: { command: ['node', 'main.js', '--port', '${PORT'], envDir: 'api' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['services.api.command.3', "'${' at position 1 is never closed: write ${NAME}, or $$ for a literal $"],
    ]);
    expect(StackFileSchema.safeParse({ services: { api: { command: ['node', 'main.js', '--port', '${PORT}'], envDir: 'api' } } }).success).toBe(true);
  });
});
