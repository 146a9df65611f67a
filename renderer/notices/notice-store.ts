// Engine errors (rejected commands, failed queries, engineError events) and the last command's answer, kept
// outside React so any layer (the query cache, the event stream) can report without a component in the way.

export interface ErrorNotice {
  id: number;
  message: string;
  // The same message again raises the count instead of stacking a second alert.
  count: number;
  at: number;
}

export interface NoticeSnapshot {
  errors: readonly ErrorNotice[];
  // What the engine said about the last command that succeeded ("started api, worker").
  lastAction: { message: string; at: number } | null;
}

export interface NoticeStore {
  error(message: string): void;
  action(message: string): void;
  dismiss(id: number): void;
  dismissAll(): void;
  snapshot(): NoticeSnapshot;
  subscribe(listener: () => void): () => void;
}

const MAX_ERRORS = 8;

// Why: an error is never swallowed: every failure lands here and stays until the user dismisses it.
export function createNoticeStore(now: () => number = Date.now): NoticeStore {
  const listeners = new Set<() => void>();
  let nextId = 1;
  let state: NoticeSnapshot = { errors: [], lastAction: null };

  const update = (next: NoticeSnapshot) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };

  return {
    error(message) {
      const existing = state.errors.find((notice) => notice.message === message);
      const errors = existing
        ? state.errors.map((notice) => (notice === existing ? { ...notice, count: notice.count + 1, at: now() } : notice))
        : [...state.errors, { id: nextId++, message, count: 1, at: now() }].slice(-MAX_ERRORS);
      update({ ...state, errors });
    },
    action(message) {
      update({ ...state, lastAction: { message, at: now() } });
    },
    dismiss(id) {
      update({ ...state, errors: state.errors.filter((notice) => notice.id !== id) });
    },
    dismissAll() {
      update({ ...state, errors: [] });
    },
    snapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
  };
}
