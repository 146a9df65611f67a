import { z } from 'zod';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export const LogLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

export const LogLineSchema = z.object({
  service: z.string(),
  // Per-service sequence number: a subscriber can tell what it missed.
  seq: z.number().int().nonnegative(),
  time: z.number(),
  stream: z.enum(['stdout', 'stderr', 'system']),
  // ANSI kept, secret values redacted.
  text: z.string(),
  level: LogLevelSchema.nullable(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogChunkSchema = z.object({
  service: z.string(),
  lines: z.array(LogLineSchema),
  // Lines this subscriber did not get (it was too slow, or the ring buffer dropped them): shown, never hidden.
  skipped: z.number().int().nonnegative(),
});
export type LogChunk = z.infer<typeof LogChunkSchema>;
