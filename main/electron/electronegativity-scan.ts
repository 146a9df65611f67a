// Runs electronegativity over the Electron code and fails on any finding of MEDIUM or higher. A line a person has
// reviewed says so inline, the tool's own way (`// eng-disable CHECK_ID`), with the reason on the line above.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const AT_LEAST_MEDIUM: readonly string[] = ['MEDIUM', 'HIGH', 'CRITICAL'];
const ScanOutputSchema = z.object({
  parseErrors: z.array(z.string()),
  findings: z.array(z.object({
    check: z.string().regex(/^[A-Z0-9_]+$/),
    severity: z.enum(SEVERITIES),
    confidence: z.string(),
    file: z.string(),
    location: z.string(),
    sample: z.string(),
  })),
});

export type ScanFinding = z.infer<typeof ScanOutputSchema>['findings'][number];

// What electronegativity-run.cjs wrote, checked: a file the tool could not parse would hide its findings, so it fails the scan.
export function readScanOutput(json: string, input: string): ScanFinding[] {
  const output = ScanOutputSchema.parse(JSON.parse(json));
  if (output.parseErrors.length > 0) throw new Error(`electronegativity could not parse ${input}: ${output.parseErrors.join('; ')}`);
  return output.findings;
}

// The Electron main-process code, preload included, without its tests (they hold hostile samples on purpose).
export function scanElectron(inputs: string[] = [shippedSources(join(ROOT, 'main/electron'))]): { findings: ScanFinding[]; blocking: ScanFinding[] } {
  const findings: ScanFinding[] = [];
  for (const input of inputs) {
    const dir = mkdtempSync(join(tmpdir(), 'stackdeck-eneg-'));
    try {
      const out = join(dir, 'findings.json');
      const run = spawnSync(process.execPath, ['--require', join(HERE, 'electronegativity-offline.cjs'), join(HERE, 'electronegativity-run.cjs'), input, ELECTRON_VERSION, out], { encoding: 'utf8', timeout: 120_000 });
      if (run.status !== 0) throw new Error(`electronegativity failed on ${input} (${run.status === null ? 'timed out' : `exit ${run.status}`}): ${run.stderr}`);
      findings.push(...readScanOutput(readFileSync(out, 'utf8'), input));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // The copies of the shipped sources are ours to remove.
  for (const input of inputs) if (input.includes('stackdeck-eneg-src-')) rmSync(input, { recursive: true, force: true });
  return { findings, blocking: findings.filter((finding) => AT_LEAST_MEDIUM.includes(finding.severity)) };
}

function shippedSources(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'stackdeck-eneg-src-'));
  for (const name of readdirSync(dir)) {
    if (/\.(ts|js|cjs|mjs|html)$/.test(name) && !/\.test\.ts$/.test(name)) copyFileSync(join(dir, name), join(copy, name));
  }
  return copy;
}

if (import.meta.main) {
  const { findings, blocking } = scanElectron();
  console.log(`electronegativity ${ELECTRON_VERSION}: ${findings.length} finding(s), ${blocking.length} of MEDIUM or higher`);
  for (const finding of findings) {
    const verdict = blocking.includes(finding) ? 'BLOCKING' : 'below medium';
    console.log(`  ${verdict} ${finding.severity}/${finding.confidence} ${finding.check} ${finding.file}:${finding.location}`);
  }
  process.exitCode = blocking.length > 0 ? 1 : 0;
}
