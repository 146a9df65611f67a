import type { Finding } from '../../shared/config/finding.ts';
import type { VariableReport } from '../../shared/config/report.ts';
import { precedenceReason } from '../../shared/config/source.ts';
import { Consequences } from './Consequences.tsx';
import { EffectiveUrl } from './EffectiveUrl.tsx';
import { ExpansionNote } from './ExpansionNote.tsx';
import { FindingItem } from './FindingItem.tsx';
import { SourceBadge } from './SourceBadge.tsx';

// Why: the whole chain for one variable, highest precedence first, saying why the winner beat each value it shadowed
// (as Spring's /actuator/env/{key} and `git config --show-origin` do).
export function ShadowChain({ variable, findings }: { variable: VariableReport; findings: readonly Finding[] }) {
  const winner = variable.source;
  return (
    <div className="chain">
      {variable.description && <p className="chain__description">{variable.description}</p>}
      <Consequences variable={variable} />
      {winner === null ? (
        <p className="chain__none">No source sets {variable.key}{variable.declared ? '' : ', and no service declares it'}.</p>
      ) : (
        <ol className="chain__list" aria-label={`Sources of ${variable.key}, highest precedence first`}>
          <li className="chain__entry chain__entry--winner">
            <SourceBadge source={winner} />
            <code className="value">{variable.value ?? ''}</code>
            <span className="tag tag--ok">wins</span>
            <ExpansionNote entry={variable} />
          </li>
          {variable.shadowed.map((entry, index) => (
            <li key={index} className="chain__entry">
              <SourceBadge source={entry.source} />
              <code className="value value--shadowed">{entry.value}</code>
              <span className="chain__why">shadowed: {precedenceReason(winner, entry.source)}</span>
              <ExpansionNote entry={entry} />
            </li>
          ))}
          {variable.shadowed.length === 0 && <li className="chain__entry chain__entry--only muted">No other source sets it.</li>}
        </ol>
      )}
      <EffectiveUrl variable={variable} />
      {findings.length > 0 && <ul className="findings__list chain__findings">{findings.map((finding, index) => <FindingItem key={index} finding={finding} />)}</ul>}
    </div>
  );
}
