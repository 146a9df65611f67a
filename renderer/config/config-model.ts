import type { Finding, Severity } from '../../shared/config/finding.ts';
import type { ServiceReport, StackReport, VariableReport } from '../../shared/config/report.ts';
import { describeSource, type SourceKind } from '../../shared/config/source.ts';
import type { Tone } from '../ui/StatusBadge.tsx';

// Why: a service's findings include the stack's cross-service ones that name it.
export function findingsOfService(report: StackReport, service: ServiceReport): Finding[] {
  const shared = report.findings.filter((finding) => finding.service === service.name || finding.services?.includes(service.name));
  return [...service.findings, ...shared.filter((finding) => !service.findings.includes(finding))];
}

// Why: the findings that speak about one variable.
export function findingsOfKey(findings: readonly Finding[], key: string): Finding[] {
  return findings.filter((finding) => finding.key === key);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

// Why: the status column says, with colour and word, the worst thing known about a variable, and which rule said it.
export function variableStatus(variable: VariableReport, findings: readonly Finding[]): { tone: Tone; text: string; rule: string | null } {
  const worst = [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
  const rule = worst?.rule ?? null;
  if (worst?.severity === 'error' || !variable.valid) return { tone: 'danger', text: worst?.severity === 'error' ? 'error' : 'invalid', rule };
  if (worst?.severity === 'warning') return { tone: 'warn', text: 'warning', rule };
  if (variable.value === null) return { tone: 'neutral', text: 'not set', rule };
  if (worst?.severity === 'info') return { tone: 'info', text: 'info', rule };
  return { tone: 'ok', text: 'valid', rule };
}

// Why: "only problems" means an error or a warning, or a value the engine calls invalid; info is not a problem.
export function isProblem(variable: VariableReport, findings: readonly Finding[]): boolean {
  return !variable.valid || findings.some((finding) => finding.severity !== 'info');
}

export type SourceFilter = SourceKind | 'all' | 'unset';

export interface VariableFilters {
  problemsOnly: boolean;
  source: SourceFilter;
  text: string;
}

export const NO_FILTERS: VariableFilters = { problemsOnly: false, source: 'all', text: '' };

// Why: the three filters of the table (problems, source kind, text) in one place the table and its tests share.
export function filterVariables(variables: readonly VariableReport[], findings: readonly Finding[], filters: VariableFilters): VariableReport[] {
  const text = filters.text.trim().toLowerCase();
  return variables.filter((variable) => {
    if (filters.problemsOnly && !isProblem(variable, findingsOfKey(findings, variable.key))) return false;
    if (filters.source === 'unset' && variable.source !== null) return false;
    if (filters.source !== 'all' && filters.source !== 'unset' && variable.source?.kind !== filters.source) return false;
    if (text === '') return true;
    const haystack = [variable.key, variable.value ?? '', variable.source ? describeSource(variable.source) : ''].join(' ').toLowerCase();
    return haystack.includes(text);
  });
}

// Why: a value can be revealed when something in it is masked (a secret, or a password inside a URL).
export function canReveal(variable: VariableReport): boolean {
  return variable.value !== null && variable.value !== '' && (variable.secret || variable.value.includes('***'));
}

// Why: the row itself says what breaks when a variable is missing or wrong (where it matters), and names a whole URL
// the service ignores; the expanded chain says the rest.
export function rowConsequence(variable: VariableReport, findings: readonly Finding[]): string | null {
  if (variable.effectiveUrl?.urlIgnored) return `ignored: the URL is built from ${variable.effectiveUrl.components.filter((component) => component.source).map((component) => component.key).join(', ')}`;
  if (!variable.breaksWithout) return null;
  const missingOrWrong = variable.value === null || !variable.valid || findings.some((finding) => finding.severity === 'error');
  return missingOrWrong ? `without it: ${variable.breaksWithout}` : null;
}

// Why: the key's tooltip carries what the variable is for and what breaks without it, for every row.
export function keyTitle(variable: VariableReport): string {
  return [variable.description ?? variable.key, variable.breaksWithout ? `Breaks without it: ${variable.breaksWithout}` : ''].filter(Boolean).join('\n');
}
