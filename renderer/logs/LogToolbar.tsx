import { LEVEL_FILTERS, type LevelFilter } from './level-filter.ts';

export interface LogToolbarProps {
  label: string;
  level: LevelFilter;
  onLevel(level: LevelFilter): void;
  paused: boolean;
  onPaused(paused: boolean): void;
  held: number;
  onClear(): void;
  onCopy(): void;
}

// Why: the pane's controls: level filter (JSON logs), follow or pause, clear, copy; and how much arrived while paused.
export function LogToolbar({ label, level, onLevel, paused, onPaused, held, onClear, onCopy }: LogToolbarProps) {
  return (
    <div className="log-toolbar__controls">
      <label className="field field--inline" title="Lines that carry a level (JSON logs) are filtered; plain lines are always shown">
        <span className="field__label">Level</span>
        <select className="select" value={level} onChange={(event) => onLevel(event.target.value as LevelFilter)} aria-label={`Level filter for ${label}`}>
          {LEVEL_FILTERS.map((filter) => <option key={filter.id} value={filter.id}>{filter.label}</option>)}
        </select>
      </label>
      <button type="button" className={`button button--small${paused ? ' button--warn' : ''}`} aria-pressed={paused} onClick={() => onPaused(!paused)}>
        {paused ? 'Resume' : 'Pause'}
      </button>
      {paused && <span className="log-toolbar__held" aria-live="polite">{held > 0 ? `${held} new line${held === 1 ? '' : 's'} held` : 'Paused'}</span>}
      {!paused && <span className="log-toolbar__follow muted">Following</span>}
      <button type="button" className="button button--small" aria-label={`Clear ${label}`} onClick={onClear}>Clear</button>
      <button type="button" className="button button--small" aria-label={`Copy ${label}`} onClick={onCopy}>Copy</button>
    </div>
  );
}
