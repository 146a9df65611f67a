import { compareWithBaseline, reportFindings } from '../../../shared/config/baseline.ts';
import { hasErrors } from '../../../shared/config/finding.ts';
import { inspectStack } from '../../../shared/config/node/inspect-stack.ts';
import { stackReport, type StackReport } from '../../../shared/config/report.ts';
import { parseFlags } from '../flags.ts';
import { UsageError, painter, type CliIo } from '../io.ts';
import { baselineLines } from '../format/baseline-lines.ts';
import { countLine, foldedFindings } from '../format/finding-lines.ts';
import { inspectedStackOptions } from '../stack-options.ts';

// `stackdeck check`: resolve and validate every service without starting anything; exit 1 on any error, or with
// --baseline FILE only on an error that FILE (a saved `check --json`) does not have.
export async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  if (positionals.length > 0) throw new UsageError(`check takes no arguments (got '${positionals[0]}')`);
  if (flags.connect) return (await import('./check-connect.ts')).checkConnectCommand(flags, io);
  if (flags['connect-timeout'] !== undefined || flags['connect-retries'] !== undefined) throw new UsageError('--connect-timeout and --connect-retries go with --connect');
  // Read first: a bad baseline is bad usage, said before any work. Loaded only then: it parses a whole report with zod.
  const baseline = flags.baseline === undefined ? undefined : (await import('../baseline-file.ts')).readBaseline(flags.baseline, io.cwd);
  const options = await inspectedStackOptions(flags, io);
  const inspection = await inspectStack(options);
  const report = stackReport(inspection.profile, inspection.services, inspection.validation, options.displayPath ?? String);
  const all = reportFindings(report);
  if (!baseline) {
    io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : humanCheck(report, io.color));
    return hasErrors(all) ? 1 : 0;
  }
  const comparison = compareWithBaseline(reportFindings(baseline.report), all);
  io.stdout(flags.json
    ? `${JSON.stringify({ ...report, baseline: { file: baseline.shown, profile: baseline.report.profile, ...comparison } }, null, 2)}\n`
    : `${humanCheck(report, io.color)}${baselineLines(baseline, report.profile, comparison, painter(io.color))}`);
  return hasErrors(comparison.added) ? 1 : 0;
}

function humanCheck(report: StackReport, color: boolean): string {
  const paint = painter(color);
  let out = '';
  for (const service of report.services) {
    out += `${paint('bold', service.name)}  ${paint('dim', `health ${service.healthScore}/100`)}\n`;
    out += service.findings.length === 0 ? `  ${paint('green', 'no findings')}\n` : foldedFindings(service.findings, paint);
    out += '\n';
  }
  if (report.findings.length > 0) {
    out += `${paint('bold', 'stack')}  ${paint('dim', '(across services)')}\n${foldedFindings(report.findings, paint)}\n`;
  }
  const all = reportFindings(report);
  out += `${paint('bold', `profile ${report.profile}`)}: ${countLine(all, paint)}; stack health ${report.healthScore}/100\n`;
  return out;
}
