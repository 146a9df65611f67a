// Runs electronegativity over the Electron code and fails on any finding of MEDIUM or higher. A line a person has
// reviewed says so inline, the tool's own way (`// eng-disable CHECK_ID`), with the reason on the line above.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

export interface ScanFinding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
}

const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const SCAN_ATTEMPTS = 5;

// electronegativity's CSV, one finding a row (quoted fields may hold commas). A row that is not a finding (the CLI's
// racing writes sometimes put its header over the first row) throws: a garbled finding must never pass as harmless.
export function parseFindings(csv: string): ScanFinding[] {
  return csv.split('\n').slice(1).filter((line) => line.trim() !== '').map((line, index) => {
    const fields = [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)|(?<=,)(?=,|$)/g)].map((match) => (match[1] ?? match[2] ?? '').replace(/""/g, '"').trim());
    const finding = { check: fields[0] ?? '', severity: fields[1] ?? '', confidence: fields[2] ?? '', file: fields[3] ?? '', location: fields[4] ?? '', sample: fields[5] ?? '' };
    if (!/^[A-Z0-9_]+$/.test(finding.check) || !SEVERITIES.includes(finding.severity)) throw new Error(`garbled report: row ${index + 1} is not a finding: ${line.slice(0, 120)}`);
    return finding;
  });
}

// The Electron main-process code, preload included, without its tests (they hold hostile samples on purpose).
export function scanElectron(inputs: string[] = [shippedSources(join(ROOT, 'main/electron'))]): { findings: ScanFinding[]; blocking: ScanFinding[] } {
  const findings: ScanFinding[] = [];
  for (const input of inputs) {
    const dir = mkdtempSync(join(tmpdir(), 'stackdeck-eneg-'));
    try {
      const out = join(dir, 'findings.csv');
      const env = { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(join(ROOT, 'main/electron/electronegativity-offline.cjs'))}` };
      // A garbled report is not trusted: the scan is run again, a bounded number of times.
      for (let attempt = 1; ; attempt++) {
        const run = spawnSync(join(ROOT, 'node_modules/.bin/electronegativity'), ['-i', input, '-e', ELECTRON_VERSION, '-r', '-o', out], { encoding: 'utf8', timeout: 120_000, env });
        if (run.status !== 0) throw new Error(`electronegativity failed on ${input} (${run.status === null ? 'timed out' : `exit ${run.status}`}): ${run.stderr}`);
        try {
          findings.push(...parseFindings(readFileSync(out, 'utf8')));
          break;
        } catch (error) {
          if (attempt >= SCAN_ATTEMPTS) throw error;
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // The copies of the shipped sources are ours to remove.
  for (const input of inputs) if (input.includes('stackdeck-eneg-src-')) rmSync(input, { recursive: true, force: true });
  const blocking = findings.filter((finding) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(finding.severity));
  return { findings, blocking };
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
