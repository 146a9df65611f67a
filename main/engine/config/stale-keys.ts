export interface ValueChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

type Values = Readonly<Record<string, string>>;

// Why: a running process keeps the environment it started with; these are the keys a restart would change.
export function compareValues(started: Values, now: Values): ValueChanges {
  const changes: ValueChanges = { added: [], removed: [], changed: [] };
  for (const key of Object.keys(now)) {
    if (!Object.hasOwn(started, key)) changes.added.push(key);
    else if (started[key] !== now[key]) changes.changed.push(key);
  }
  for (const key of Object.keys(started)) if (!Object.hasOwn(now, key)) changes.removed.push(key);
  changes.added.sort();
  changes.removed.sort();
  changes.changed.sort();
  return changes;
}

// Why: "restart needed" lists keys only (values may be secrets), sorted, whatever way they differ.
export function staleKeys(started: Values, now: Values): string[] {
  const { added, removed, changed } = compareValues(started, now);
  return [...added, ...removed, ...changed].sort();
}
