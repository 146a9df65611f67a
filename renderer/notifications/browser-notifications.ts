import type { StackNotification } from '../../shared/notifications/compose-notification.ts';

// What the page offers: the Notification constructor (absent in some browsers), storage for the user's choice, focus.
export interface BrowserNotificationHost {
  Notification?: {
    readonly permission: NotificationPermission;
    requestPermission(): Promise<NotificationPermission>;
    new (title: string, options?: NotificationOptions): { onclick: ((this: Notification, event: Event) => unknown) | null };
  };
  localStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  focus?(): void;
}

// unsupported: no Notification API; blocked: the user or the browser said no; ask: never asked; off/on: the user's choice.
export type BrowserNotificationState = 'unsupported' | 'blocked' | 'ask' | 'off' | 'on';

const PREFERENCE_KEY = 'stackdeck.notifications';

// Why: one reading of the permission and the user's own switch, for the toggle and the delivery.
export function notificationState(host: BrowserNotificationHost): BrowserNotificationState {
  const api = host.Notification;
  if (!api) return 'unsupported';
  if (api.permission === 'denied') return 'blocked';
  if (api.permission === 'default') return 'ask';
  return readPreference(host) === 'off' ? 'off' : 'on';
}

// Why: the permission prompt appears only from this, called from the user's click on the toggle, and only while the
// browser has no answer yet; afterwards the toggle just switches the user's preference.
export async function toggleNotifications(host: BrowserNotificationHost): Promise<BrowserNotificationState> {
  const state = notificationState(host);
  if (state === 'ask' && host.Notification) {
    const answer = await host.Notification.requestPermission();
    if (answer === 'granted') writePreference(host, 'on');
  } else if (state === 'on' || state === 'off') {
    writePreference(host, state === 'on' ? 'off' : 'on');
  }
  return notificationState(host);
}

// Why: browser mode's delivery of what the shared grouping decided; a click brings the dashboard forward.
export function browserNotifier(host: BrowserNotificationHost): (notification: StackNotification) => void {
  return ({ title, body, tag }) => {
    if (!host.Notification || notificationState(host) !== 'on') return;
    const shown = new host.Notification(`Stackdeck: ${title}`, { body, tag });
    shown.onclick = () => host.focus?.();
  };
}

function readPreference(host: BrowserNotificationHost): string | null {
  try {
    return host.localStorage?.getItem(PREFERENCE_KEY) ?? null;
  } catch {
    return null;
  }
}

function writePreference(host: BrowserNotificationHost, value: 'on' | 'off'): void {
  try {
    host.localStorage?.setItem(PREFERENCE_KEY, value);
  } catch {
    // Storage refused (a private window): the choice lasts as long as the page.
  }
}
