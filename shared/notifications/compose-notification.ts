import { maskEmbeddedCredentials } from '../config/mask.ts';
import type { StackAlert } from './stack-alert.ts';

// What one notification says, whichever desktop or browser shows it.
export interface StackNotification {
  title: string;
  body: string;
  // Derived from the text: two tabs showing the same news show it once, while the next news (a browser replaces a
  // notification of the same tag silently) still alerts.
  tag: string;
}

const MAX_DETAIL_LINES = 4;
const DETAIL_ORDER: Record<StackAlert['kind'], number> = { 'service-crashed': 0, 'config-regressed': 1, 'agent-died': 2 };

// Why: many events become one notification: a title that counts ("3 agents died, api crashed") and a few details.
export function composeNotification(alerts: readonly StackAlert[]): StackNotification {
  const deaths = alerts.filter((alert) => alert.kind === 'agent-died');
  const crashed = [...new Set(alerts.flatMap((alert) => (alert.kind === 'service-crashed' ? [alert.service] : [])))];
  const regressions = alerts.filter((alert) => alert.kind === 'config-regressed');
  const title = [
    deaths.length > 0 && `${deaths.length} agent${deaths.length === 1 ? '' : 's'} died`,
    crashed.length > 0 && `${listed(crashed)} crashed`,
    regressions.length > 0 && `${regressions.length === 1 ? 'an env edit' : `${regressions.length} env edits`} made the configuration worse`,
  ].filter((part): part is string => typeof part === 'string').join(', ');
  // Crashes and regressions first: a wave of deaths must not push them out of the few lines shown.
  const details = [...alerts].sort((a, b) => DETAIL_ORDER[a.kind] - DETAIL_ORDER[b.kind]).map(detailOf);
  const shown = details.slice(0, MAX_DETAIL_LINES);
  if (details.length > shown.length) shown.push(`and ${details.length - shown.length} more`);
  // A service's name is written as the stack file spells it; only a sentence of our own starts with a capital.
  const ownWordsFirst = deaths.length > 0 || crashed.length === 0;
  const notification = { title: title === '' ? 'Stackdeck' : ownWordsFirst ? capitalized(title) : title, body: shown.map(maskEmbeddedCredentials).join('\n') };
  return { ...notification, tag: `stackdeck-${fnv1a(`${notification.title}\n${notification.body}`)}` };
}

function detailOf(alert: StackAlert): string {
  switch (alert.kind) {
    case 'agent-died':
      return `${alert.agent} (${alert.cause.replaceAll('_', ' ')}): ${alert.message}`;
    case 'service-crashed':
      return `${alert.service}: ${alert.reason}`;
    case 'config-regressed':
      return alert.summary;
  }
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

// A short stable hash (FNV-1a, 32 bits) for the tag; not for security.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
