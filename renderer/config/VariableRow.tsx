import { useState } from 'react';
import type { Finding } from '../../shared/config/finding.ts';
import type { VariableReport } from '../../shared/config/report.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { keyTitle, rowConsequence, variableStatus } from './config-model.ts';
import { SecretValue } from './SecretValue.tsx';
import { ShadowChain } from './ShadowChain.tsx';
import { SourceBadge } from './SourceBadge.tsx';

export interface VariableRowProps {
  service: string;
  variable: VariableReport;
  findings: readonly Finding[];
  changed: boolean;
  onOverride(key: string): void;
}

// Why: one variable: key, masked value, winning source, status; it expands into its full chain.
export function VariableRow({ service, variable, findings, changed, onOverride }: VariableRowProps) {
  const [open, setOpen] = useState(false);
  const clear = useEngineCommand();
  const status = variableStatus(variable, findings);
  const consequence = rowConsequence(variable, findings);
  const chainId = `chain-${service}-${variable.key}`;
  return (
    <>
      <tr className={`variable${changed ? ' variable--changed' : ''}${open ? ' variable--open' : ''}`}>
        <th scope="row" className="variable__key">
          <div className="variable__keycell">
            <button type="button" className="disclosure" aria-expanded={open} aria-controls={chainId} aria-label={`Show sources of ${variable.key}`} onClick={() => setOpen(!open)}>
              <span className="disclosure__icon" aria-hidden="true">▸</span>
            </button>
            <code title={keyTitle(variable)}>{variable.key}</code>
            {!variable.declared && <span className="tag tag--warn">undeclared</span>}
            {changed && <span className="tag tag--accent">changed</span>}
          </div>
          {consequence && <div className="variable__consequence">{consequence}</div>}
        </th>
        <td className="variable__value">
          <SecretValue key={`${variable.value}|${variable.source?.kind}|${variable.source?.file}|${variable.source?.line}`} service={service} variable={variable} />
        </td>
        <td className="variable__source">
          <SourceBadge source={variable.source} />
          {variable.shadowed.length > 0 && <span className="variable__shadowed muted" title="values this one shadows">+{variable.shadowed.length}</span>}
        </td>
        <td className="variable__status" title={status.rule ?? undefined}>
          <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
          {status.rule && <span className="variable__rule">{status.rule}</span>}
        </td>
        <td className="variable__actions">
          {variable.source?.kind === 'override' ? (
            <button type="button" className="button button--ghost button--tiny" aria-label={`Clear override of ${variable.key}`} disabled={clear.isPending} onClick={() => clear.mutate({ type: 'clearOverride', service, key: variable.key })}>
              Clear override
            </button>
          ) : (
            <button type="button" className="button button--ghost button--tiny" aria-label={`Override ${variable.key}`} onClick={() => onOverride(variable.key)}>
              Override
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="variable-chain" id={chainId}>
          <td colSpan={5}>
            <ShadowChain variable={variable} findings={findings} />
          </td>
        </tr>
      )}
    </>
  );
}
