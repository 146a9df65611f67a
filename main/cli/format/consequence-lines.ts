import type { VariableReport } from '../../../shared/config/report.ts';
import { describeRequirements } from '../../../shared/config/requirements.ts';
import { describeEffectiveUrl, driverLabel } from '../../../shared/config/service-database-url.ts';
import { describeSource } from '../../../shared/config/source.ts';
import type { Style } from '../io.ts';

type Paint = (style: Style, text: string) => string;

// Why: a value means little without what it is for: what breaks without it, and which services of the stack need it.
export function consequenceLines(variable: VariableReport, indent: string, paint: Paint): string {
  let out = '';
  if (variable.breaksWithout) out += `${indent}${paint('dim', 'breaks without it:')} ${variable.breaksWithout}\n`;
  if (variable.requiredBy && variable.requiredBy.length > 0) out += `${indent}${paint('dim', 'required by:')} ${describeRequirements(variable.requiredBy)}\n`;
  return out;
}

// The URL a service really connects with, where its schema builds it from components: each driver's form, masked.
export function effectiveUrlLines(variable: VariableReport, indent: string, paint: Paint): string {
  const url = variable.effectiveUrl;
  if (!url) return '';
  const width = Math.max(...url.drivers.map((entry) => driverLabel(entry.driver).length)) + 2;
  let out = `${indent}${paint('dim', 'effective URL:')} ${describeEffectiveUrl(url, variable.key, (source) => describeSource(source))}\n`;
  for (const entry of url.drivers) out += `${indent}  ${paint('dim', driverLabel(entry.driver).padEnd(width))}${entry.url}\n`;
  return out;
}
