import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useEngineCommand } from '../data/use-engine-command.ts';

export interface OverrideFormProps {
  service: string;
  keys: readonly string[];
  overrideKey: string;
  onKeyChange(key: string): void;
  valueInput?: RefObject<HTMLInputElement | null>;
}

// Why: set a value for this run only (the highest-precedence source), without touching any file.
export function OverrideForm({ service, keys, overrideKey, onKeyChange, valueInput }: OverrideFormProps) {
  const listId = useId();
  const fallbackRef = useRef<HTMLInputElement>(null);
  const input = valueInput ?? fallbackRef;
  const [value, setValue] = useState('');
  const set = useEngineCommand();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const key = overrideKey.trim();
    if (key === '') return;
    set.mutate({ type: 'setOverride', service, key, value }, { onSuccess: () => setValue('') });
  };
  return (
    <form className="override-form" aria-label={`Override a variable of ${service}`} onSubmit={submit}>
      <span className="override-form__title">Override for this run</span>
      <label className="field field--inline">
        <span className="field__label">Key</span>
        <input className="input input--mono" list={listId} value={overrideKey} onChange={(event) => onKeyChange(event.target.value)} aria-label="Override key" placeholder="KEY" required pattern="[\w.\-]+" />
      </label>
      <datalist id={listId}>{keys.map((key) => <option key={key} value={key} />)}</datalist>
      <label className="field field--inline">
        <span className="field__label">Value</span>
        <input ref={input} className="input input--mono" value={value} onChange={(event) => setValue(event.target.value)} aria-label="Override value" placeholder="value" autoComplete="off" />
      </label>
      <button type="submit" className="button button--small button--primary" disabled={set.isPending || overrideKey.trim() === ''}>Set override</button>
    </form>
  );
}
