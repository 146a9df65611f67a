import type { StackReport, VariableReport } from '../../shared/config/report.ts';

export interface CrossServiceRow {
  key: string;
  // Per service, in report order; null where the service does not have the key.
  cells: (VariableReport | null)[];
  // The engine's cross-service-mismatch rule flagged this key: decided without revealing any value.
  mismatch: boolean;
  agreement: 'mismatch' | 'same' | 'differs' | 'unchecked';
}

// Why: the keys two or more services share, side by side, mismatches first: a shared signing key that differs jumps out.
export function crossServiceRows(report: StackReport): CrossServiceRow[] {
  const flagged = new Set(
    [...report.findings, ...report.services.flatMap((service) => service.findings)]
      .filter((finding) => finding.rule === 'cross-service-mismatch' && finding.key)
      .map((finding) => finding.key as string),
  );
  const keys = new Map<string, number>();
  for (const service of report.services) for (const variable of service.variables) keys.set(variable.key, (keys.get(variable.key) ?? 0) + 1);
  const rows = [...keys].filter(([, count]) => count >= 2).map(([key]): CrossServiceRow => {
    const cells = report.services.map((service) => service.variables.find((variable) => variable.key === key) ?? null);
    const mismatch = flagged.has(key);
    return { key, cells, mismatch, agreement: mismatch ? 'mismatch' : agreementOf(cells) };
  });
  return rows.sort((a, b) => Number(b.mismatch) - Number(a.mismatch) || a.key.localeCompare(b.key));
}

// Masked values cannot be compared here: only the engine, which holds them, can say whether secrets agree.
function agreementOf(cells: (VariableReport | null)[]): CrossServiceRow['agreement'] {
  const present = cells.filter((cell): cell is VariableReport => cell !== null);
  if (present.some((cell) => cell.secret || (cell.value ?? '').includes('***'))) return 'unchecked';
  return new Set(present.map((cell) => cell.value)).size <= 1 ? 'same' : 'differs';
}
