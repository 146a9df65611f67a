import type { Finding } from '../../shared/config/finding.ts';
import { StatusBadge } from '../ui/StatusBadge.tsx';
import { SEVERITY_TONE } from './severity.ts';

// Why: a finding reads like a compiler diagnostic: where, severity, rule, message, and what to do about it.
export function FindingItem({ finding }: { finding: Finding }) {
  const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}` : null;
  const services = finding.services ?? (finding.service ? [finding.service] : []);
  return (
    <li className={`finding finding--${finding.severity}`}>
      <div className="finding__head">
        <StatusBadge tone={SEVERITY_TONE[finding.severity]}>{finding.severity}</StatusBadge>
        <code className="finding__rule">{finding.rule}</code>
        {finding.key && <code className="finding__key">{finding.key}</code>}
        {services.length > 1 && <span className="finding__services">{services.join(' ↔ ')}</span>}
      </div>
      <p className="finding__message">{finding.message}</p>
      {finding.suggestion && <p className="finding__suggestion">{finding.suggestion}</p>}
      {where && <p className="finding__where"><code>{where}</code></p>}
    </li>
  );
}
