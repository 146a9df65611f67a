import { useRef, type KeyboardEvent } from 'react';
import { VIEWS, panelId, tabId, type ViewId } from './views.ts';

// Why: the four views as an accessible tab list: arrow keys move between tabs, Alt+N jumps from anywhere.
export function ViewTabs({ view, onChange }: { view: ViewId; onChange(view: ViewId): void }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = VIEWS.findIndex((candidate) => candidate.id === view);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = VIEWS[(next + VIEWS.length) % VIEWS.length];
    if (!target) return;
    onChange(target.id);
    tabs.current[VIEWS.indexOf(target)]?.focus();
  };
  return (
    <div role="tablist" aria-label="Views" className="view-tabs" onKeyDown={onKeyDown}>
      {VIEWS.map((candidate, index) => {
        const selected = candidate.id === view;
        return (
          <button
            key={candidate.id}
            ref={(element) => { tabs.current[index] = element; }}
            type="button"
            role="tab"
            id={tabId(candidate.id)}
            aria-selected={selected}
            aria-controls={panelId(candidate.id)}
            tabIndex={selected ? 0 : -1}
            title={`${candidate.label} (Alt+${index + 1})`}
            className="view-tab"
            onClick={() => onChange(candidate.id)}
          >
            {candidate.label}
          </button>
        );
      })}
    </div>
  );
}
