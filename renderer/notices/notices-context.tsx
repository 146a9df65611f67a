import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { NoticeSnapshot, NoticeStore } from './notice-store.ts';

const NoticesContext = createContext<NoticeStore | null>(null);

// Why: components and hooks report errors to the one store the alert area reads.
export function NoticesProvider({ store, children }: { store: NoticeStore; children: ReactNode }) {
  return <NoticesContext.Provider value={store}>{children}</NoticesContext.Provider>;
}

// Why: the store itself, for code that reports (event handlers, mutations).
export function useNoticeStore(): NoticeStore {
  const store = useContext(NoticesContext);
  if (!store) throw new Error('useNoticeStore needs a NoticesProvider above it');
  return store;
}

// Why: the current errors and last action, re-rendering only when they change.
export function useNotices(): NoticeSnapshot {
  const store = useNoticeStore();
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
