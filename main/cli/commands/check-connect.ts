import { connectPolicyFor, type ConnectPolicy } from '../../../shared/config/connect/connect-policy.ts';
import { CONNECT_STATUSES, ConnectReportSchema, type ConnectReport, type ConnectResult } from '../../../shared/config/connect/connect-report.ts';
import { connectFactsOf, connectionTargets } from '../../../shared/config/connect/connection-targets.ts';
import { inspectStack } from '../../../shared/config/node/inspect-stack.ts';
import { runConnectChecks } from '../../engine/connect/run-connect-checks.ts';
import { stackFactsOf } from '../../engine/stack/config-services.ts';
import type { CommonFlags } from '../flags.ts';
import { painter, type CliIo, type Style } from '../io.ts';
import { loadStackForCli, stackOptions } from '../stack-options.ts';
import { watchStopSignals } from '../stop-signals.ts';

// The shell's code for a run stopped by Ctrl+C (128 + SIGINT).
export const INTERRUPTED_EXIT_CODE = 130;

// `stackdeck check --connect`: from this machine, connect to every address each service would use, with the values
// `check` resolves; exit 1 when any fails, 130 when stopped by Ctrl+C.
export async function checkConnectCommand(flags: CommonFlags, io: CliIo): Promise<number> {
  const options = stackOptions(flags, io);
  const { stack, services } = await loadStackForCli(options.root);
  const inspection = await inspectStack({ ...options, services, stack: stackFactsOf(stack) });
  const plan = connectionTargets(inspection.services, connectFactsOf(stack), options.displayPath);
  const timeout = flags['connect-timeout'];
  const policy = connectPolicyFor(inspection.profile, { timeoutMs: timeout === undefined ? undefined : Math.max(1, Math.round(timeout * 1_000)), retries: flags['connect-retries'] });
  const stop = watchStopSignals();
  const interrupted = new AbortController();
  void stop.stopSignal.then(() => interrupted.abort());
  const started = performance.now();
  let results: ConnectResult[];
  try {
    results = await runConnectChecks(plan, { policy, signal: interrupted.signal });
  } finally {
    stop.dispose();
  }
  // In the stack file's order of services, as `check` lists them.
  const order = inspection.services.map((service) => service.service);
  results.sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service));
  const summary = Object.fromEntries(CONNECT_STATUSES.map((status) => [status, results.filter((result) => result.status === status).length])) as ConnectReport['summary'];
  // Checked against the documented shape before it is printed: --json readers rely on it.
  const report = ConnectReportSchema.parse({ profile: inspection.profile, policy, results, summary, elapsedMs: Math.round(performance.now() - started) });
  io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : humanConnect(report, io.color));
  if (interrupted.signal.aborted) return INTERRUPTED_EXIT_CODE;
  return summary.failed + summary.aborted > 0 ? 1 : 0;
}

const STATUS_STYLE: Record<ConnectResult['status'], Style> = { ok: 'green', failed: 'red', skipped: 'dim', aborted: 'yellow' };

function humanConnect(report: ConnectReport, color: boolean): string {
  const paint = painter(color);
  const services = [...new Set(report.results.map((result) => result.service))];
  let out = '';
  for (const service of services) {
    out += `${paint('bold', service)}\n`;
    for (const result of report.results.filter((candidate) => candidate.service === service)) out += `  ${resultLine(result, paint)}\n`;
    out += '\n';
  }
  if (services.length === 0) out += `${paint('dim', 'no connection settings to try (no schema declares one and no value is a database, cache or peer URL)')}\n`;
  const counts = CONNECT_STATUSES.filter((status) => report.summary[status] > 0 || status === 'ok' || status === 'failed')
    .map((status) => paint(report.summary[status] > 0 ? STATUS_STYLE[status] : 'dim', `${report.summary[status]} ${status}`));
  out += `${paint('bold', `profile ${report.profile}`)}: ${counts.join(', ')} in ${duration(report.elapsedMs)} (${policyLine(report.policy)})\n`;
  return out;
}

function resultLine(result: ConnectResult, paint: (style: Style, text: string) => string): string {
  const status = paint(STATUS_STYLE[result.status], result.status.padEnd(7));
  const keys = result.keys.join(', ');
  if (result.target === null) return `${status} ${keys}: ${result.error ?? 'nothing to try'}`;
  const what = `${(result.peer ? `peer ${result.peer}` : result.kind ?? '').padEnd(10)} ${keys} = ${result.target ?? ''} ${paint('dim', `(${result.from ?? ''})`)}`;
  const said = result.status === 'ok' ? result.detail ?? 'answered' : result.error ?? result.status;
  const effort = paint('dim', `[${result.attempts} attempt${result.attempts === 1 ? '' : 's'}, ${duration(result.elapsedMs)}]`);
  return `${status} ${what}: ${said} ${effort}`;
}

function policyLine(policy: ConnectPolicy): string {
  if (policy.retries === 0) return `each attempt up to ${duration(policy.timeoutMs)}, no retries`;
  return `each attempt up to ${duration(policy.timeoutMs)}, ${policy.retries} ${policy.retries === 1 ? 'retry' : 'retries'} with back-off`;
}

function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Number((ms / 1_000).toFixed(1))} s`;
}
