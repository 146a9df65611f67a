import type { SearchAddon } from '@xterm/addon-search';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useDarkMode } from '../ui/use-dark-mode.ts';
import { searchDecorations } from './terminal-theme.ts';

// Why: find text in the pane (and its scrollback) as in a terminal: Enter for the next match, Shift+Enter for the previous.
export function LogSearch({ search, label }: { search: SearchAddon; label: string }) {
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const dark = useDarkMode();

  useEffect(() => {
    const subscription = search.onDidChangeResults(({ resultIndex, resultCount }) => setResults({ index: resultIndex, count: resultCount }));
    return () => subscription.dispose();
  }, [search]);

  const find = (text: string, direction: 'next' | 'previous', incremental = false) => {
    if (text === '') {
      search.clearDecorations();
      setResults(null);
      return;
    }
    const options = { incremental, decorations: searchDecorations(dark) };
    const found = direction === 'next' ? search.findNext(text, options) : search.findPrevious(text, options);
    if (!found) setResults({ index: -1, count: 0 });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      find(term, event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      setTerm('');
      find('', 'next');
    }
  };

  return (
    <div className="log-search">
      <input
        type="search"
        className="input input--search"
        placeholder="Search logs"
        aria-label={`Search ${label}`}
        data-search
        value={term}
        onChange={(event) => {
          setTerm(event.target.value);
          find(event.target.value, 'next', true);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="button button--ghost button--icon" aria-label="Previous match" disabled={term === ''} onClick={() => find(term, 'previous')}>↑</button>
      <button type="button" className="button button--ghost button--icon" aria-label="Next match" disabled={term === ''} onClick={() => find(term, 'next')}>↓</button>
      <span className="log-search__count muted" aria-live="polite">
        {results && term !== '' ? (results.count === 0 ? 'no matches' : results.index >= 0 ? `${results.index + 1} of ${results.count}` : `${results.count} matches`) : ''}
      </span>
    </div>
  );
}
