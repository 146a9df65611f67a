import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanElectron } from '../../main/electron/electronegativity-scan.ts';

// The project's electronegativity scan (offline, pinned to the installed Electron) over the shipped main/electron sources.
const AT_LEAST_MEDIUM = ['MEDIUM', 'HIGH', 'CRITICAL'];
const REVIEWED = (JSON.parse(readFileSync(join(import.meta.dirname, '../../main/electron/electronegativity-reviewed.json'), 'utf8')) as { reviewed: { check: string; file: string }[] }).reviewed;

describe('electronegativity over main/electron', () => {
  it('finds nothing of MEDIUM or higher that has not been reviewed', () => {
    const { findings, blocking } = scanElectron();
    const bySeverity = new Map<string, number>();
    for (const finding of findings) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    const serious = findings.filter((finding) => AT_LEAST_MEDIUM.includes(finding.severity));
    console.log(`[reliability] electronegativity: ${findings.length} findings (${[...bySeverity].map(([severity, count]) => `${severity} ${count}`).join(', ')}); ` +
      `${serious.length} of MEDIUM or higher, all reviewed (${serious.map((finding) => `${finding.check} ${finding.file}:${finding.location}`).join('; ')}); ${blocking.length} unreviewed`);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    // Every row was read as a real finding (a garbled report is re-scanned, never counted).
    for (const finding of findings) expect(['INFORMATIONAL', 'LOW', ...AT_LEAST_MEDIUM], finding.check).toContain(finding.severity);
    // Each MEDIUM-or-higher finding is one a person reviewed and wrote down why it is safe.
    for (const finding of serious) expect(REVIEWED.some((entry) => entry.check === finding.check && entry.file === finding.file), finding.check).toBe(true);
    // The scan really read the sources: the preload finding points at main.ts.
    expect(findings.some((finding) => finding.check === 'PRELOAD_JS_CHECK' && finding.file === 'main.ts')).toBe(true);
  }, 120_000);
});
