import { z } from 'zod';

// The stacks a user opened lately, newest first: what the dashboard's "Open stack" list offers. Browser-safe: zod only.

export const MAX_RECENT_STACKS = 10;

export const RecentStackSchema = z.object({
  // An absolute folder holding a stackdeck.json when the list was read.
  root: z.string().min(1).max(4096),
  openedAt: z.iso.datetime(),
}).strict();
export type RecentStack = z.infer<typeof RecentStackSchema>;

export const RecentStacksSchema = z.array(RecentStackSchema).max(MAX_RECENT_STACKS);
