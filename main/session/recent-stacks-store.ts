import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { MAX_RECENT_STACKS, RecentStackSchema, type RecentStack } from '../../shared/api/recent-stacks.ts';
import { STACK_FILE } from '../engine/stack/load-stack-file.ts';
import { writeAtomically } from '../engine/platform/write-atomically.ts';

export const RECENT_STACKS_FILE = 'recent-stacks.json';

// The file's envelope; its entries are checked one by one, so one damaged entry costs only itself.
const RecentStacksFileSchema = z.object({ version: z.literal(1), stacks: z.array(z.unknown()) });

export interface RecentStacksStore {
  readonly file: string;
  // Newest first; only folders that still hold a stackdeck.json, at most `max`.
  list(): Promise<RecentStack[]>;
  // Puts `root` first (once), keeps at most `max`, and writes the file; answers the new list.
  remember(root: string, now?: Date): Promise<RecentStack[]>;
}

// Why: "Open stack" offers the folders a user opened before; the list is a convenience, so a missing or damaged file
// is an empty list, never an error, and a folder whose stack file went away drops out.
export function createRecentStacksStore(file: string, max: number = MAX_RECENT_STACKS): RecentStacksStore {
  let writes: Promise<unknown> = Promise.resolve();
  const list = async (): Promise<RecentStack[]> => {
    const entries = await readEntries(file);
    const seen = new Set<string>();
    return entries.filter((entry) => {
      if (seen.has(entry.root) || !isAbsolute(entry.root) || !existsSync(join(entry.root, STACK_FILE))) return false;
      seen.add(entry.root);
      return true;
    }).slice(0, max);
  };
  return {
    file,
    list,
    remember(root, now = new Date()) {
      // One write at a time: two quick opens must not lose one of them.
      const task = writes.then(async () => {
        const stacks = [{ root, openedAt: now.toISOString() }, ...(await list()).filter((entry) => entry.root !== root)].slice(0, max);
        await writeAtomically(file, `${JSON.stringify({ version: 1, stacks }, null, 2)}\n`);
        return stacks;
      });
      writes = task.catch(() => {});
      return task;
    },
  };
}

async function readEntries(file: string): Promise<RecentStack[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const parsed = RecentStacksFileSchema.safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.stacks.flatMap((entry) => {
    const checked = RecentStackSchema.safeParse(entry);
    return checked.success ? [checked.data] : [];
  });
}
