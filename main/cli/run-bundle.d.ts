// Types for run-bundle.js (plain JavaScript, loaded by bin.js on any Node).
import type { CliBundle } from './fresh-bundle.js';

export function runBundle(bundle: CliBundle): Promise<void>;
export function codeCacheFile(command: string, name: string, hash: string | undefined): string | undefined;
