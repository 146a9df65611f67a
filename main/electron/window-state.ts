import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { WindowBounds } from './window-options.ts';

const BoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().optional(),
});

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 };

// The window comes back where the user left it; a damaged file means default bounds, never a crash.
export function loadWindowBounds(file: string): WindowBounds {
  try {
    const parsed = BoundsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_BOUNDS;
  } catch {
    return DEFAULT_BOUNDS;
  }
}

export function saveWindowBounds(file: string, bounds: WindowBounds): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(bounds));
    renameSync(`${file}.tmp`, file);
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}
