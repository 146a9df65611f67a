import { useId, type ReactNode } from 'react';

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
  adornment?: ReactNode;
}

// Why: a small choice among a few options (log source, service) as native radios: keyboard and screen readers for free.
export function Segmented<T extends string>({ label, options, value, onChange }: { label: string; options: readonly SegmentOption<T>[]; value: T; onChange(value: T): void }) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className="segmented">
      {options.map((option) => (
        <label key={option.value} className={`segment${option.value === value ? ' segment--checked' : ''}`}>
          <input type="radio" className="segment__input" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
          {option.adornment}
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
