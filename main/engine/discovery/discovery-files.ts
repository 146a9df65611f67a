import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const DISCOVERY_DIR = '.service_discovery';

// Built at their first parse (z.lazy): the engine makes these, the transports (WS, HTTP, IPC, MCP, the renderer) parse them;
// built as the module loaded, they cost every launcher's start before its first service (~15 ms with the contract's).
export const DiscoveryRecordSchema = z.lazy(() => z.object({
  service: z.string(),
  host: z.string(),
  port: z.number().int(),
  url: z.string(),
  pid: z.number().int().positive(),
  startedAt: z.string(),
  // Ours, to find and check leftovers of a crashed launcher: the process group and the run's id.
  pgid: z.number().int().positive(),
  runId: z.string(),
  launcherPid: z.number().int().positive(),
}));
export type DiscoveryRecord = z.infer<typeof DiscoveryRecordSchema>;

export function discoveryPath(root: string, service: string): string {
  return join(root, DISCOVERY_DIR, `${service}_config.json`);
}

// Written atomically (temp file + rename): a reader never sees half a record.
export async function writeDiscovery(root: string, record: DiscoveryRecord): Promise<void> {
  const path = discoveryPath(root, record.service);
  await mkdir(join(root, DISCOVERY_DIR), { recursive: true }).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    throw new Error(code === 'EEXIST' || code === 'ENOTDIR' ? `${join(root, DISCOVERY_DIR)} is not a folder` : `cannot create ${join(root, DISCOVERY_DIR)}: ${code ?? String(error)}`);
  });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, path).catch(async (error: unknown) => {
    await rm(temporary, { force: true });
    throw error;
  });
}

export async function removeDiscovery(root: string, service: string): Promise<void> {
  await rm(discoveryPath(root, service), { force: true });
}

// Every record left in the folder; unreadable ones are returned as problems, not thrown.
export async function readDiscoveryRecords(root: string): Promise<{ records: DiscoveryRecord[]; problems: { file: string; problem: string }[] }> {
  const dir = join(root, DISCOVERY_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const records: DiscoveryRecord[] = [];
  const problems: { file: string; problem: string }[] = [];
  for (const name of names.filter((candidate) => candidate.endsWith('_config.json'))) {
    const file = join(dir, name);
    try {
      const parsed = DiscoveryRecordSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success) records.push(parsed.data);
      else problems.push({ file, problem: `not a Stackdeck discovery record (${parsed.error.issues[0]?.message})` });
    } catch (error) {
      problems.push({ file, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return { records, problems };
}
