import { SOURCE_KINDS } from '../../shared/config/source.ts';
import type { SourceFilter, VariableFilters } from './config-model.ts';

const SOURCE_LABELS: Record<SourceFilter, string> = {
  all: 'All sources', override: 'Override', launcher: 'Launcher', os: 'OS environment', file: 'Env file', fallback: 'Fallback', default: 'Schema default', unset: 'Not set',
};

// Why: narrow a long table to what matters now: problems, one kind of source, or a name.
export function ConfigFilters({ filters, onChange, shown, total }: { filters: VariableFilters; onChange(filters: VariableFilters): void; shown: number; total: number }) {
  return (
    <div className="filters">
      <input
        type="search"
        className="input input--search"
        placeholder="Filter variables"
        aria-label="Filter variables"
        data-search
        value={filters.text}
        onChange={(event) => onChange({ ...filters, text: event.target.value })}
      />
      <label className="field field--inline">
        <span className="field__label">Source</span>
        <select className="select" value={filters.source} onChange={(event) => onChange({ ...filters, source: event.target.value as SourceFilter })}>
          {(['all', ...SOURCE_KINDS, 'unset'] as const).map((kind) => <option key={kind} value={kind}>{SOURCE_LABELS[kind]}</option>)}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={filters.problemsOnly} onChange={(event) => onChange({ ...filters, problemsOnly: event.target.checked })} />
        Only problems
      </label>
      <span className="filters__count muted">{shown === total ? `${total} variables` : `${shown} of ${total} variables`}</span>
    </div>
  );
}
