import type { BaselineComparison } from '../../../shared/config/baseline.ts';
import type { Baseline } from '../baseline-file.ts';
import type { Style } from '../io.ts';
import { countLine, findingLines } from './finding-lines.ts';

// Why: in CI the question is what changed since the saved report: the new findings (an error among them fails the
// check) and the ones fixed since, each as `check` prints a finding.
export function baselineLines(baseline: Baseline, profile: string, comparison: BaselineComparison, paint: (style: Style, text: string) => string): string {
  let out = `\n${paint('bold', `since ${baseline.shown}`)}: ${comparison.added.length} new (${countLine(comparison.added, paint)}), ${comparison.fixed.length} fixed\n`;
  if (baseline.report.profile !== profile) out += `  ${paint('yellow', 'note')}: the baseline was saved for profile ${baseline.report.profile}, this check is ${profile}\n`;
  if (comparison.added.length > 0) out += `${paint('bold', 'new')}\n${comparison.added.map((finding) => findingLines(finding, paint)).join('')}`;
  if (comparison.fixed.length > 0) out += `${paint('bold', 'fixed')}\n${comparison.fixed.map((finding) => findingLines(finding, paint)).join('')}`;
  return out;
}
