// Types for run-bundle.js (plain JavaScript, loaded by bin.js on any Node).
import type { CliBundle } from './fresh-bundle.js';

export function runBundle(bundle: CliBundle): Promise<void>;
export function codeCacheFolder(): string | undefined;
export function codeCacheName(command: string, name: string, hash: string): string;
