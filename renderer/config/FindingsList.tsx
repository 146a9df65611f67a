import { compareFindings, type Finding } from '../../shared/config/finding.ts';
import { FindingItem } from './FindingItem.tsx';

// Why: all findings of a scope, errors first then by file and line, as every output of Stackdeck orders them.
export function FindingsList({ findings, title = 'Findings', emptyText = 'No findings: every variable is valid.' }: { findings: readonly Finding[]; title?: string; emptyText?: string }) {
  const sorted = [...findings].sort(compareFindings);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return (
    <section className="findings" aria-label={title}>
      <h3 className="section-title">
        {title} <span className="muted">({findings.length})</span>
        {findings.length > 0 && (
          <span className="findings__counts">
            {counts.error > 0 && <span className="text-danger">{counts.error} error{counts.error === 1 ? '' : 's'}</span>}
            {counts.warning > 0 && <span className="text-warn">{counts.warning} warning{counts.warning === 1 ? '' : 's'}</span>}
            {counts.info > 0 && <span className="text-info">{counts.info} info</span>}
          </span>
        )}
      </h3>
      {sorted.length === 0 ? <p className="empty">{emptyText}</p> : <ul className="findings__list">{sorted.map((finding, index) => <FindingItem key={`${finding.rule}-${finding.key ?? ''}-${index}`} finding={finding} />)}</ul>}
    </section>
  );
}
