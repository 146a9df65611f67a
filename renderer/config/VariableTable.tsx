import type { Finding } from '../../shared/config/finding.ts';
import type { VariableReport } from '../../shared/config/report.ts';
import { changedKey } from '../data/live-config-changes.ts';
import { findingsOfKey } from './config-model.ts';
import { VariableRow } from './VariableRow.tsx';

export interface VariableTableProps {
  service: string;
  variables: readonly VariableReport[];
  findings: readonly Finding[];
  changed: ReadonlySet<string>;
  total: number;
  onOverride(key: string): void;
}

// Why: every variable of a service, one row each, in the order the engine reports them.
export function VariableTable({ service, variables, findings, changed, total, onOverride }: VariableTableProps) {
  return (
    <div className="table-wrap">
      <table className="table variables" aria-label={`Variables of ${service}`}>
        <thead>
          <tr>
            <th scope="col" className="col-key">Key</th>
            <th scope="col" className="col-value">Value</th>
            <th scope="col" className="col-source">Source</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-actions"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {variables.map((variable) => (
            <VariableRow
              key={variable.key}
              service={service}
              variable={variable}
              findings={findingsOfKey(findings, variable.key)}
              changed={changed.has(changedKey(service, variable.key))}
              onOverride={onOverride}
            />
          ))}
        </tbody>
      </table>
      {variables.length === 0 && <p className="empty">{total === 0 ? `${service} has no variables.` : 'No variable matches these filters.'}</p>}
    </div>
  );
}
