import { z } from 'zod';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export const LogLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
export const LogLineSchema = z.lazy(() => z.object({
  service: z.string(),
  // Per-service sequence number: a subscriber can tell what it missed.
  seq: z.number().int().nonnegative(),
  time: z.number(),
  stream: z.enum(['stdout', 'stderr', 'system']),
  // ANSI kept, secret values redacted.
  text: z.string(),
  level: LogLevelSchema.nullable(),
}));
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogChunkSchema = z.lazy(() => z.object({
  service: z.string(),
  lines: z.array(LogLineSchema),
  // Lines this subscriber did not get (it was too slow, or the ring buffer dropped them): shown, never hidden.
  skipped: z.number().int().nonnegative(),
}));
export type LogChunk = z.infer<typeof LogChunkSchema>;
