import { useState } from 'react';
import type { VariableReport } from '../../shared/config/report.ts';
import { useEngineCommand } from '../data/use-engine-command.ts';
import { canReveal } from './config-model.ts';

// Why: values stay masked until the user asks for one (revealValue, the one way a secret leaves the engine), and a
// second click masks it again; the plain value lives only in this cell's state.
export function SecretValue({ service, variable }: { service: string; variable: VariableReport }) {
  const reveal = useEngineCommand();
  const [revealed, setRevealed] = useState<string | null>(null);
  if (variable.value === null) return <span className="value value--unset">not set</span>;
  const shown = revealed ?? variable.value;
  return (
    <span className="value-cell">
      <code className={`value${revealed !== null ? ' value--revealed' : ''}`} title={shown}>{shown === '' ? '""' : shown}</code>
      {canReveal(variable) && (
        <button
          type="button"
          className="button button--ghost button--tiny"
          aria-label={`${revealed === null ? 'Reveal' : 'Hide'} ${variable.key}`}
          aria-pressed={revealed !== null}
          disabled={reveal.isPending}
          onClick={() => {
            if (revealed !== null) {
              setRevealed(null);
              return;
            }
            reveal.mutate({ type: 'revealValue', service, key: variable.key }, { onSuccess: (result) => setRevealed(result.value ?? '') });
          }}
        >
          {revealed === null ? 'Reveal' : 'Hide'}
        </button>
      )}
    </span>
  );
}
