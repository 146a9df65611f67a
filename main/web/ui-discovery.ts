import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineApi } from '../../shared/api/engine-contract.ts';
import { writeAtomically } from '../engine/platform/write-atomically.ts';

// `stackdeck ui` says where it serves a stack, so that `stackdeck mcp` (and any local tool) drives that engine rather
// than a second one: <stack state folder>/ui.json, owner-only (it holds the token), written atomically, removed on stop.
export const UI_RECORD_FILE = 'ui.json';

export const UiRecordSchema = z.object({
  // http://127.0.0.1:PORT, without the token.
  url: z.string().url(),
  token: z.string().min(43),
  pid: z.number().int().positive(),
  root: z.string().min(1),
  startedAt: z.string(),
}).strict();
export type UiRecord = z.infer<typeof UiRecordSchema>;

export function uiRecordPath(stateDir: string): string {
  return join(stateDir, UI_RECORD_FILE);
}

// Why: written when the dashboard serves this stack, so a client on the same machine finds it and its token.
export async function advertiseUi(stateDir: string, record: UiRecord): Promise<void> {
  await writeAtomically(uiRecordPath(stateDir), `${JSON.stringify(record, null, 2)}\n`);
}

// Why: removed when the dashboard stops serving this stack; a record another run wrote since (another token) is left alone.
export async function withdrawUi(stateDir: string, token: string): Promise<void> {
  const current = await readUiRecord(stateDir);
  if (current?.token === token) await rm(uiRecordPath(stateDir), { force: true });
}

export interface UiAdvertisement {
  // Withdraws the record of the stack open now (after any move in progress).
  stop(): Promise<void>;
}

// Why: the record follows the open stack: a stack opened from the dashboard is advertised in its own state folder and the
// one it replaced is withdrawn, so a client never drives a dashboard that has moved on to another folder.
export async function advertiseWhileServing(options: {
  engine: Pick<EngineApi, 'subscribe'>;
  root: string;
  stateDirOf: (root: string) => string;
  // http://127.0.0.1:PORT, without the token.
  url: string;
  token: string;
  log: (message: string, error: unknown) => void;
}): Promise<UiAdvertisement> {
  const recordFor = (root: string): UiRecord => ({ url: options.url, token: options.token, pid: process.pid, root, startedAt: new Date().toISOString() });
  let current = options.root;
  // A folder we cannot write costs only the discovery: the dashboard itself still serves.
  await advertiseUi(options.stateDirOf(current), recordFor(current))
    .catch((error: unknown) => options.log(`could not advertise the dashboard in ${options.stateDirOf(current)}`, error));
  // One move at a time, in the order the stacks were opened.
  let moves: Promise<void> = Promise.resolve();
  const unsubscribe = options.engine.subscribe((event) => {
    if (event.type !== 'stackOpened' || event.root === current) return;
    const [from, to] = [current, event.root];
    current = to;
    moves = moves
      .then(() => withdrawUi(options.stateDirOf(from), options.token))
      .then(() => advertiseUi(options.stateDirOf(to), recordFor(to)))
      .catch((error: unknown) => options.log(`could not advertise the dashboard in ${options.stateDirOf(to)}`, error));
  });
  return {
    async stop() {
      unsubscribe();
      await moves;
      await withdrawUi(options.stateDirOf(current), options.token).catch((error: unknown) => options.log(`could not remove ${uiRecordPath(options.stateDirOf(current))}`, error));
    },
  };
}

// Why: the dashboard serving this stack, if one runs: a record whose process is gone (a killed ui) does not count.
export async function findRunningUi(stateDir: string, root: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<UiRecord | undefined> {
  const record = await readUiRecord(stateDir);
  if (!record || record.root !== root || !isAlive(record.pid)) return undefined;
  return record;
}

async function readUiRecord(stateDir: string): Promise<UiRecord | undefined> {
  try {
    const parsed = UiRecordSchema.safeParse(JSON.parse(await readFile(uiRecordPath(stateDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // None there, or torn by something other than us: as if no dashboard ran.
    return undefined;
  }
}

// Signal 0 tests for existence; EPERM means it exists but belongs to another user.
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
