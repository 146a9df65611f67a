import { runProcess } from './run-process.ts';

// The `stackdeck` command from its sources: bin.js loads this file when the prebuilt bundle is missing or older than a source.
await runProcess();
