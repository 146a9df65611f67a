import { environmentHas } from '../platform/process-environment.ts';
import { signalGroup } from '../process/spawn-service-process.ts';
import { readDiscoveryRecords, removeDiscovery, type DiscoveryRecord } from './discovery-files.ts';

export const RUN_ID_VARIABLE = 'STACKDECK_RUN_ID';

// Is this pid still the process we started? Its environment carries our run id (pids are reused).
export async function belongsToRun(pid: number, runId: string): Promise<boolean> {
  return environmentHas(pid, `${RUN_ID_VARIABLE}=${runId}`);
}

// Why: a launcher that crashed left discovery files (and maybe processes); the next start finds and ends them, checking each is ours.
export async function cleanLeftovers(root: string, graceMs = 2_000): Promise<string[]> {
  const { records, problems } = await readDiscoveryRecords(root);
  const notes = problems.map(({ file, problem }) => `ignored ${file}: ${problem}`);
  for (const record of records) {
    if (await belongsToRun(record.pid, record.runId)) {
      await endGroup(record, graceMs);
      notes.push(`stopped ${record.service} (pid ${record.pid}) left running by an earlier launcher (pid ${record.launcherPid})`);
    } else {
      notes.push(`removed the stale discovery file of ${record.service} (pid ${record.pid} is gone or no longer ours)`);
    }
    await removeDiscovery(root, record.service);
  }
  return notes;
}

async function endGroup(record: DiscoveryRecord, graceMs: number): Promise<void> {
  signalGroup(record.pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && (await belongsToRun(record.pid, record.runId))) await new Promise((resolve) => setTimeout(resolve, 50));
  signalGroup(record.pgid, 'SIGKILL');
}
