import { readFileSync } from 'node:fs';

// The repository's own stack file (auth and backend in services/), for CLI tests of a temp folder laid out like it.
export const DEMO_STACK_FILE = readFileSync(new URL('../../../stackdeck.json', import.meta.url), 'utf8');
