import { scanCodeReadsWithStats } from '../../../shared/config/node/code-reads.ts';
import { inspectStack } from '../../../shared/config/node/inspect-stack.ts';
import { auditStack } from '../audit/audit-stack.ts';
import type { AuditFinding, AuditReport } from '../audit/audit-report.ts';
import { keysOfVariablesFile } from '../audit/declared-keys.ts';
import { parseFlags } from '../flags.ts';
import { UsageError, painter, type CliIo, type Style } from '../io.ts';
import { stackFactsOf } from '../../engine/stack/config-services.ts';
import { loadStackForCli, stackOptions } from '../stack-options.ts';

const SEVERITY_STYLE: Record<AuditFinding['severity'], Style> = { error: ['red', 'bold'], warning: 'yellow', info: 'cyan' };

// `stackdeck audit`: the code's reads against the stack's declarations and env files; a report, so exit 0.
export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  if (positionals.length > 0) throw new UsageError(`audit takes no arguments (got '${positionals[0]}')`);
  const base = stackOptions(flags, io);
  const { stack, services } = await loadStackForCli(base.root);
  const options = { ...base, services, stack: stackFactsOf(stack) };
  const [inspection, scan] = await Promise.all([inspectStack(options), scanCodeReadsWithStats(options.root)]);
  const declaredInFiles = Object.fromEntries(await Promise.all(Object.entries(stack.services).map(async ([name, spec]) => [name, await keysOfVariablesFile(options.root, spec.schema)] as const)));
  const report = auditStack({ root: options.root, stack, inspection, scan, declaredInFiles, displayPath: options.displayPath ?? String });
  io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : humanAudit(report, io.color));
  return 0;
}

function humanAudit(report: AuditReport, color: boolean): string {
  const paint = painter(color);
  const lines = (findings: readonly AuditFinding[]) => findings.map((finding) => {
    const place = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : '';
    const severity = finding.severity === 'info' ? 'note' : finding.severity;
    return `  ${paint('bold', place)}${paint(SEVERITY_STYLE[finding.severity], severity)}: ${finding.message} ${paint('dim', `[${finding.kind}]`)}\n      ${paint('green', '→')} ${finding.suggestion}\n`;
  }).join('');
  let out = '';
  for (const service of report.services) {
    const code = service.codeFiles === 0 ? 'no code found under its folder'
      : service.readKeys.length === 0 ? `${service.codeFiles} source files but no direct read found (a config library?), so unread declarations are not judged`
        : `${service.codeFiles} source files, ${service.readKeys.length} keys read`;
    out += `${paint('bold', service.name)}  ${paint('dim', `code in ${service.codeFolder}: ${code}, ${service.declaredKeys.length} declared`)}\n`;
    out += service.findings.length === 0 ? `  ${paint('green', 'reads and declarations agree')}\n` : lines(service.findings);
    out += '\n';
  }
  if (report.findings.length > 0) out += `${paint('bold', 'stack')}  ${paint('dim', '(across services)')}\n${lines(report.findings)}\n`;
  const { counts, scan } = report;
  const skipped = scan.skipped.tooLarge + scan.skipped.overCap;
  out += `${paint('bold', 'audit')}: ${counts['read-not-declared']} read but not declared, ${counts['declared-not-read']} declared but not read, ${counts['set-not-used']} set but unused`;
  out += `; ${scan.filesRead} source files scanned${skipped > 0 ? `, ${scan.skipped.tooLarge} over 1 MiB and ${scan.skipped.overCap} past the cap skipped` : ''}\n`;
  return out;
}
