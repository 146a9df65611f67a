import type { VariableReport } from '../../shared/config/report.ts';
import { describeRequirements } from '../../shared/config/requirements.ts';

// Why: a value means little without what depends on it: what breaks without it and which services of the stack
// require it, as `stackdeck env SERVICE KEY` says (the same report fields, the same wording).
export function Consequences({ variable }: { variable: VariableReport }) {
  const required = variable.requiredBy ?? [];
  if (!variable.breaksWithout && required.length === 0) return null;
  return (
    <dl className="consequences" aria-label={`What depends on ${variable.key}`}>
      {variable.breaksWithout && (
        <div className="consequences__item">
          <dt>Breaks without it</dt>
          <dd>{variable.breaksWithout}</dd>
        </div>
      )}
      {required.length > 0 && (
        <div className="consequences__item">
          <dt>Required by</dt>
          <dd>{describeRequirements(required)}</dd>
        </div>
      )}
    </dl>
  );
}
