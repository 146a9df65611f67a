import { readdir as readdirWithCallback, readFile as readFileWithCallback, stat as statWithCallback } from 'node:fs';
import { promisify } from 'node:util';

// Why: node:fs/promises loads its FileHandle streams and readline on first use (~2-3 ms of every `check`); the inspector
// needs only these three, which node:fs's callback functions give, promisified, with the same results and errors.
export const readFile = promisify(readFileWithCallback);
export const readdir = promisify(readdirWithCallback);
export const stat = promisify(statWithCallback);
