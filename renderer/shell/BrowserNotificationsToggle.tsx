import { useEffect, useState } from 'react';
import { watchStackAlerts } from '../../shared/notifications/watch-stack-alerts.ts';
import { useTransport } from '../app/transport-context.tsx';
import { browserNotifier, notificationState, toggleNotifications, type BrowserNotificationHost } from '../notifications/browser-notifications.ts';

const LABEL = {
  on: 'Notifications on',
  off: 'Notifications off',
  ask: 'Turn on notifications',
  blocked: 'Notifications blocked',
} as const;

const HINT = {
  on: 'Agent deaths, crashes and configuration regressions show as browser notifications (grouped per 10 s). Click to turn off.',
  off: 'Click to show agent deaths, crashes and configuration regressions as browser notifications.',
  ask: 'Click to let this page show agent deaths, crashes and configuration regressions as browser notifications (the browser asks once).',
  blocked: 'The browser blocks notifications for this page; allow them in its site settings.',
} as const;

// Why: browser mode asks for the notification permission from a click here, never on its own, and delivers
// grouped notifications while the user keeps it on.
export function BrowserNotificationsToggle({ host = window as unknown as BrowserNotificationHost }: { host?: BrowserNotificationHost }) {
  const transport = useTransport();
  const [state, setState] = useState(() => notificationState(host));
  useEffect(() => (state === 'on' ? watchStackAlerts((listener) => transport.subscribe(listener), { deliver: browserNotifier(host) }) : undefined), [state, transport, host]);
  if (state === 'unsupported') return null;
  return (
    <button
      type="button"
      className={`button button--ghost button--small notifications-toggle notifications-toggle--${state}`}
      aria-pressed={state === 'on'}
      disabled={state === 'blocked'}
      title={HINT[state]}
      onClick={() => void toggleNotifications(host).then(setState)}
    >
      {LABEL[state]}
    </button>
  );
}
