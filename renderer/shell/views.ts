// The four views, in tab order; Alt+1..4 follows this order.
export const VIEWS = [
  { id: 'services', label: 'Services' },
  { id: 'logs', label: 'Logs' },
  { id: 'config', label: 'Configuration' },
  { id: 'agents', label: 'Agents' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

// Why: a tab and its panel point at each other by id; one spelling for both.
export function tabId(view: ViewId): string {
  return `tab-${view}`;
}

// Why: as above, for the panel.
export function panelId(view: ViewId): string {
  return `panel-${view}`;
}
