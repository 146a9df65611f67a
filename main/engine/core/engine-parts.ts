import type { LogChunk } from '../../../shared/api/logs.ts';

// The parts the engine composes, as it uses them: each is built and tested on its own in its folder.

export interface EngineLogs {
  ingest(service: string, stream: 'stdout' | 'stderr', chunk: Buffer): void;
  // The pipe closed: a last line without a newline is kept.
  endOfStream(service: string, stream: 'stdout' | 'stderr'): void;
  system(service: string, text: string): void;
  subscribe(listener: (chunk: LogChunk) => void): () => void;
  backlog(service: string, limit: number): LogChunk;
  setSecrets(service: string, values: readonly string[]): void;
  // Where the service's log file is, or null when logs stay in memory.
  filePath(service: string): string | null;
  close(): Promise<void>;
}
