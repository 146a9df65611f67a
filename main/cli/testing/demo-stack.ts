import { demoStackFile } from '../../../shared/config/testing/demo-stack.ts';

// The demo stack file (auth and backend in services/), for CLI tests of a temp folder laid out like the repository.
export const DEMO_STACK_FILE = demoStackFile()['stackdeck.json'] as string;
