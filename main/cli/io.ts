import type { styleText } from 'node:util';

// What a command may touch: given, not global, so tests run commands in-process with their own cwd and env.
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
  // Asks the person at the terminal a yes/no question; absent when there is nobody to ask (no TTY, tests).
  confirm?: (question: string) => Promise<boolean>;
}

export type Style = Parameters<typeof styleText>[0];

// Colour only when the caller asked for it (a terminal, FORCE_COLOR), never escape codes in pipes or JSON.
export function painter(color: boolean): (style: Style, text: string) => string {
  // node:util brings a dozen of Node's internal modules: loaded at the first colour, not by every start (--help has none).
  return (style, text) => (color ? process.getBuiltinModule('node:util').styleText(style, text, { validateStream: false }) : text);
}

export class UsageError extends Error {}
