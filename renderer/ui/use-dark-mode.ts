import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

// Why: what CSS cannot theme by itself (the terminal's palette) follows the OS setting, live.
export function useDarkMode(): boolean {
  return useSyncExternalStore(subscribe, isDark, () => false);
}

function isDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(QUERY).matches;
}

function subscribe(listener: () => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const media = matchMedia(QUERY);
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
}
