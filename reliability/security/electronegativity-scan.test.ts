import { describe, expect, it } from 'vitest';
import { scanElectron } from '../../main/electron/electronegativity-scan.ts';

// The project's electronegativity scan (offline, pinned to the installed Electron) over the shipped main/electron sources.
const AT_LEAST_MEDIUM = ['MEDIUM', 'HIGH', 'CRITICAL'];

describe('electronegativity over main/electron', () => {
  it('finds nothing of MEDIUM or higher', () => {
    const { findings, blocking } = scanElectron();
    const bySeverity = new Map<string, number>();
    for (const finding of findings) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    console.log(`[reliability] electronegativity: ${findings.length} finding(s) (${[...bySeverity].map(([severity, count]) => `${severity} ${count}`).join(', ')}); ` +
      `${blocking.length} of MEDIUM or higher (${findings.map((finding) => `${finding.severity} ${finding.check} ${finding.file}:${finding.location}`).join('; ')})`);
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    // Every row was read as a real finding (a garbled report is re-scanned, never counted).
    for (const finding of findings) expect(['INFORMATIONAL', 'LOW', ...AT_LEAST_MEDIUM], finding.check).toContain(finding.severity);
  }, 120_000);
});
