import { closestKey } from '../../../shared/config/closest-key.ts';
import { describeReference, type EnvReference } from '../../../shared/config/env-file/reference.ts';
import { inspectStack } from '../../../shared/config/node/inspect-stack.ts';
import { serviceReport, type ServiceReport, type VariableReport } from '../../../shared/config/report.ts';
import { requirementsByKey } from '../../../shared/config/requirements.ts';
import { describeSource, precedenceReason } from '../../../shared/config/source.ts';
import { parseFlags } from '../flags.ts';
import { UsageError, painter, type CliIo } from '../io.ts';
import { consequenceLines, effectiveUrlLines } from '../format/consequence-lines.ts';
import { findingLines } from '../format/finding-lines.ts';
import { loaderLines, shownLoaders } from '../format/loader-lines.ts';
import { inspectedStackOptions } from '../stack-options.ts';

// `stackdeck env SERVICE [KEY]`: every variable's value (masked), the source that won and what it shadowed.
export async function envCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args);
  const [serviceName, key, extra] = positionals;
  if (!serviceName) throw new UsageError('env needs a SERVICE, e.g. `stackdeck env api`');
  if (extra !== undefined) throw new UsageError(`env takes SERVICE and at most one KEY (got '${extra}' too)`);
  const options = await inspectedStackOptions(flags, io);
  const inspection = await inspectStack(options);
  const index = inspection.services.findIndex((service) => service.service === serviceName);
  const resolved = inspection.services[index];
  const validation = inspection.validation.services[index];
  if (!resolved || !validation) {
    const names = inspection.services.map((service) => service.service);
    const near = closestKey(serviceName, names);
    throw new UsageError(`no service '${serviceName}' in this stack${near ? `; did you mean '${near}'?` : ''} (services: ${names.join(', ')})`);
  }
  const crossFindings = inspection.validation.findings.filter((finding) => finding.services?.includes(serviceName));
  const report = serviceReport(resolved, { ...validation, findings: [...validation.findings, ...crossFindings] }, options.displayPath ?? String, requirementsByKey(inspection.services));
  const paint = painter(io.color);
  // What the service's own code loads after start changes the effective order: said above the variables.
  const loaders = inspection.loaders?.[serviceName] ?? [];
  const displayPath = options.displayPath ?? String;
  if (key === undefined) {
    io.stdout(flags.json
      ? `${JSON.stringify({ profile: inspection.profile, ...report, loaders: shownLoaders(loaders, displayPath) }, null, 2)}\n`
      : `${loaderLines(loaders, displayPath, paint)}${humanTable(report, inspection.profile, paint)}`);
    return 0;
  }
  const variable = report.variables.find((candidate) => candidate.key === key);
  if (!variable) {
    const near = closestKey(key, report.variables.map((candidate) => candidate.key));
    io.stderr(`stackdeck: ${serviceName} has no variable ${key}${near ? `; did you mean ${near}?` : ''}\n`);
    return 1;
  }
  const findings = report.findings.filter((finding) => finding.key === key);
  io.stdout(flags.json
    ? `${JSON.stringify({ profile: inspection.profile, service: serviceName, variable, findings }, null, 2)}\n`
    : `${loaderLines(loaders, displayPath, paint)}${humanChain(serviceName, inspection.profile, variable, findings.map((finding) => findingLines(finding, paint)).join(''), paint)}`);
  return 0;
}

type Paint = ReturnType<typeof painter>;

function humanTable(report: ServiceReport, profile: string, paint: Paint): string {
  const width = Math.max(...report.variables.map((variable) => variable.key.length), 3) + 2;
  const valueWidth = Math.min(40, Math.max(...report.variables.map((variable) => shown(variable).length), 5) + 2);
  let out = `${paint('bold', report.name)} ${paint('dim', `· ${profile} · health ${report.healthScore}/100`)}\n`;
  out += paint('dim', `${'KEY'.padEnd(width)}${'VALUE'.padEnd(valueWidth)}SOURCE\n`);
  for (const variable of report.variables) {
    const status = variable.valid ? '' : paint('red', '  ✗ invalid');
    const undeclared = variable.declared ? '' : paint('yellow', '  (not declared)');
    const value = variable.value === null ? paint('dim', '(unset)') : shown(variable);
    out += `${variable.key.padEnd(width)}${value.padEnd(valueWidth)}${variable.source ? describeSource(variable.source) : paint('dim', '-')}${status}${undeclared}\n`;
    for (const shadowed of variable.shadowed) {
      out += paint('dim', `${''.padEnd(width)}  shadows ${JSON.stringify(shadowed.value)} from ${describeSource(shadowed.source)}\n`);
    }
    out += effectiveUrlLines(variable, `${''.padEnd(width)}  `, paint);
    out += consequenceLines(variable, `${''.padEnd(width)}  `, paint);
  }
  return out;
}

function humanChain(service: string, profile: string, variable: VariableReport, findings: string, paint: Paint): string {
  let out = `${paint('bold', variable.key)} ${paint('dim', `· ${service} · ${profile}${variable.secret ? ' · secret (masked)' : ''}`)}\n`;
  if (variable.description) out += `  ${variable.description}\n`;
  out += consequenceLines(variable, '  ', paint);
  if (variable.source === null) out += `  ${paint('yellow', 'no source sets it')}\n`;
  const chain = variable.source ? [{ value: variable.value ?? '', source: variable.source, raw: variable.raw, references: variable.references }, ...variable.shadowed] : [];
  chain.forEach((entry, position) => {
    const tag = position === 0 ? paint('green', 'wins') : paint('dim', 'shadowed');
    out += `  ${position + 1}. ${describeSource(entry.source).padEnd(36)} ${JSON.stringify(entry.value).padEnd(24)} ${tag}\n`;
    out += expansionLine(variable.key, entry, paint);
  });
  const [winner, runnerUp] = chain;
  if (winner && runnerUp) out += paint('dim', `  why: ${precedenceReason(winner.source, runnerUp.source)}\n`);
  return out + effectiveUrlLines(variable, '  ', paint) + findings;
}

// `DB_HOST = ${PRIMARY_HOST}  expanded: PRIMARY_HOST from .env.staging:33`: what the file wrote and where each
// reference's value came from (the raw text is already masked for a secret; references carry names, never values).
function expansionLine(key: string, entry: { raw?: string; references?: EnvReference[] }, paint: Paint): string {
  if (entry.raw === undefined && entry.references === undefined) return '';
  const written = entry.raw === undefined ? '' : `${key} = ${entry.raw}`;
  const expanded = entry.references?.length ? `expanded: ${entry.references.map((reference) => describeReference(reference)).join(', ')}` : '';
  return paint('dim', `       ${[written, expanded].filter(Boolean).join('  ')}\n`);
}

function shown(variable: VariableReport): string {
  const value = JSON.stringify(variable.value ?? '');
  return value.length > 38 ? `${value.slice(0, 35)}..."` : value;
}
