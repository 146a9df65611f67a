import type { Finding, Severity } from '../../../shared/config/finding.ts';
import type { Style } from '../io.ts';

const SEVERITY_STYLE: Record<Severity, Style> = { error: ['red', 'bold'], warning: 'yellow', info: 'cyan' };

// One finding the way compilers print one: `file:line: severity: message [rule]`, suggestion below.
export function findingLines(finding: Finding, paint: (style: Style, text: string) => string): string {
  const place = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : '';
  const head = `${paint('bold', place)}${paint(SEVERITY_STYLE[finding.severity], finding.severity)}: ${finding.message} ${paint('dim', `[${finding.rule}]`)}`;
  return `  ${head}\n      ${paint('green', '→')} ${finding.suggestion}\n`;
}

export function countLine(findings: readonly Finding[], paint: (style: Style, text: string) => string): string {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = count('error');
  return [
    paint(errors > 0 ? ['red', 'bold'] : 'green', plural(errors, 'error')),
    paint(count('warning') > 0 ? 'yellow' : 'dim', plural(count('warning'), 'warning')),
    paint('dim', plural(count('info'), 'note')),
  ].join(', ');
}

// Notes of one rule fold into one line (a fresh checkout has eight fallbacks); errors and warnings never fold.
export function foldedFindings(findings: readonly Finding[], paint: (style: Style, text: string) => string): string {
  const notesByRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.severity === 'info' && finding.key) notesByRule.set(finding.rule, [...(notesByRule.get(finding.rule) ?? []), finding]);
  }
  let out = '';
  for (const finding of findings) {
    const group = notesByRule.get(finding.rule);
    if (finding.severity !== 'info' || !finding.key || !group || group.length < 3) {
      out += findingLines(finding, paint);
    } else if (group[0] === finding) {
      const keys = group.map((note) => note.key).join(', ');
      out += `  ${paint('cyan', 'info')}: ${group.length} notes on ${keys} ${paint('dim', `[${finding.rule}]`)}\n`;
      out += `      ${paint('dim', `e.g. ${finding.message}; --json or \`stackdeck env\` lists each`)}\n`;
    }
  }
  return out;
}
